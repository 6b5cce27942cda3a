import { expect } from 'chai';
import { renderMetricTemplate, TelemetryInputError, type TemplateValues } from '../../src/telemetry/index.ts';

const VALUES: TemplateValues = {
  name: 'podinfo',
  namespace: 'test',
  target: 'podinfo',
  service: 'podinfo-svc',
  interval: '1m',
  variables: { route: 'api', quote: 'say "hi"\\now', regexy: 'a.b|c*', threshold: '0.5', group: 'le' },
};

describe('metric template rendering', () => {
  it('replaces every variable, tolerating whitespace inside the braces', () => {
    const q = 'sum(rate(x{ns="{{namespace}}",w="{{ target }}",s="{{   service   }}",n="{{ name }}",r="{{ variables.route }}"}[{{ interval }}]))';
    expect(renderMetricTemplate(q, VALUES)).to.equal('sum(rate(x{ns="test",w="podinfo",s="podinfo-svc",n="podinfo",r="api"}[1m]))');
  });

  it('names an unknown variable', () => {
    expect(() => renderMetricTemplate('x{a="{{ target_name }}"}', VALUES)).to.throw(TelemetryInputError, 'unknown variable "target_name"');
  });

  it('names a templateVariables key that is missing', () => {
    expect(() => renderMetricTemplate('x{a="{{ variables.missing }}"}', VALUES)).to.throw(/variables\.missing.*no key "missing"/);
  });

  it('reports an unclosed placeholder', () => {
    expect(() => renderMetricTemplate('x{a="{{ target "}', VALUES)).to.throw(/without a closing "}}"/);
  });

  it('escapes backslash, double quote and newline inside a double-quoted string', () => {
    const out = renderMetricTemplate('x{a="{{ variables.quote }}"}', VALUES);
    expect(out).to.equal('x{a="say \\"hi\\"\\\\now"}');
    const withNewline = renderMetricTemplate('x{a="{{ variables.v }}"}', { ...VALUES, variables: { v: 'a\nb\u0001' } });
    expect(withNewline).to.equal('x{a="a\\nb\\u0001"}');
  });

  it('escapes for single-quoted strings and rejects a backtick in a raw string', () => {
    expect(renderMetricTemplate("x{a='{{ variables.v }}'}", { ...VALUES, variables: { v: "it's" } })).to.equal("x{a='it\\'s'}");
    expect(renderMetricTemplate('x{a=`{{ variables.v }}`}', { ...VALUES, variables: { v: 'plain"\\' } })).to.equal('x{a=`plain"\\`}');
    expect(() => renderMetricTemplate('x{a=`{{ variables.v }}`}', { ...VALUES, variables: { v: 'a`b' } })).to.throw(/backtick/);
  });

  it('keeps the injection payload inside one label value', () => {
    const payload = '"} or vector(1) or {x="';
    const out = renderMetricTemplate('sum(x{a="{{ variables.p }}"})', { ...VALUES, variables: { p: payload } });
    expect(out).to.equal('sum(x{a="\\"} or vector(1) or {x=\\""})');
  });

  it('quotes regex metacharacters after =~ and !~ so a value matches only itself', () => {
    expect(renderMetricTemplate('x{a=~"{{ variables.regexy }}"}', VALUES)).to.equal('x{a=~"a\\\\.b\\\\|c\\\\*"}');
    expect(renderMetricTemplate('x{a !~ "{{ variables.regexy }}"}', VALUES)).to.equal('x{a !~ "a\\\\.b\\\\|c\\\\*"}');
    expect(renderMetricTemplate('x{a=~"prefix-{{ variables.route }}-.*"}', VALUES)).to.equal('x{a=~"prefix-api-.*"}');
    // An equality matcher takes the value as it is: regex characters are harmless there.
    expect(renderMetricTemplate('x{a="{{ variables.regexy }}"}', VALUES)).to.equal('x{a="a.b|c*"}');
  });

  it('does not mistake quotes inside template strings or comments for the end of a string', () => {
    const q = 'x{a="lit\\"eral {{ variables.quote }}"} # it\'s a comment {{ variables.threshold }}\n> {{ variables.threshold }}';
    expect(renderMetricTemplate(q, VALUES)).to.equal('x{a="lit\\"eral say \\"hi\\"\\\\now"} # it\'s a comment 0.5\n> 0.5');
  });

  it('allows only numbers and plain identifiers outside strings', () => {
    expect(renderMetricTemplate('x > {{ variables.threshold }}', VALUES)).to.equal('x > 0.5');
    expect(renderMetricTemplate('sum by ({{ variables.group }}) (x)', VALUES)).to.equal('sum by (le) (x)');
    for (const bad of ['1 or vector(1)', 'or', 'x)', '"a"', 'a\nb', '']) {
      expect(() => renderMetricTemplate('x > {{ variables.v }}', { ...VALUES, variables: { v: bad } }), JSON.stringify(bad)).to.throw(
        /outside a quoted string/,
      );
    }
  });

  it('requires DNS-1123 labels for name, namespace, target and service', () => {
    for (const field of ['name', 'namespace', 'target', 'service'] as const) {
      const bad = { ...VALUES, [field]: 'app".*' };
      expect(() => renderMetricTemplate(`x{a="{{ ${field} }}"}`, bad), field).to.throw(new RegExp(`${field} .* is not a DNS-1123 label`));
    }
    expect(() => renderMetricTemplate('x{a="{{ target }}"}', { ...VALUES, target: 'App' })).to.throw(/DNS-1123/);
    expect(() => renderMetricTemplate('x{a="{{ target }}"}', { ...VALUES, target: 'a'.repeat(64) })).to.throw(/DNS-1123/);
  });

  it('validates a name only where the template uses it', () => {
    expect(renderMetricTemplate('x{a="{{ target }}"}', { ...VALUES, service: 'Not Valid' })).to.equal('x{a="podinfo"}');
  });

  it('converts Go durations from Canary specs into PromQL durations', () => {
    const cases: [string, string][] = [['1.5m', '1m30s'], ['90s', '90s'], ['2h0m0s', '2h0m0s'], ['30s1m', '1m30s'], ['1500ms', '1500ms'], ['1.5s', '1s500ms'], ['1d', '1d']];
    for (const [go, promql] of cases) {
      expect(renderMetricTemplate('rate(x[{{ interval }}])', { ...VALUES, interval: go }), go).to.equal(`rate(x[${promql}])`);
    }
  });

  it('requires interval to be a PromQL duration', () => {
    expect(renderMetricTemplate('rate(x[{{ interval }}])', { ...VALUES, interval: '1m30s' })).to.equal('rate(x[1m30s])');
    for (const bad of ['1m])) or vector(1', '90', '0s', '', '-1m', '500us', '1m ']) {
      expect(() => renderMetricTemplate('rate(x[{{ interval }}])', { ...VALUES, interval: bad }), bad).to.throw(/not a PromQL duration/);
    }
  });
});
