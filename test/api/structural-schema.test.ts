import { expect } from 'chai';
import { compileStructuralSchema, SchemaCompileError, type FieldCause } from '../../src/api/structural-schema.ts';

const schema = {
  type: 'object',
  properties: {
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['targetRef'],
      properties: {
        strategy: { type: 'string', enum: ['canary', 'blueGreen', 'abTesting'] },
        targetRef: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        portName: { type: 'string', default: 'http' },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        empty: { type: 'object' },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        when: { type: 'string', format: 'date-time', nullable: true },
        wait: { type: 'string', format: 'duration' },
        odd: { type: 'string', format: 'some-format-nobody-knows' },
        rules: { 'x-kubernetes-validations': [{ rule: 'self.x > 0' }], type: 'object' },
        choice: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
        analysis: {
          type: 'object',
          default: {},
          properties: {
            threshold: { type: 'integer', default: 5 },
            stepWeight: { type: 'integer', minimum: 0, maximum: 100 },
            history: { type: 'array', maxItems: 2, items: { type: 'object' } },
            metrics: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' }, interval: { type: 'string', default: '1m' } },
              },
            },
            url: { type: 'string', format: 'uri' },
          },
        },
      },
    },
  },
};

function fieldsOf(causes: FieldCause[]): string[] {
  return causes.map((cause) => cause.field);
}

function validSpec(): Record<string, unknown> {
  return { apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name: 'a' }, spec: { targetRef: { name: 'app' } } };
}

describe('structural-schema', () => {
  const compiled = compileStructuralSchema(schema);

  it('accepts a valid object', () => {
    expect(compiled.validate(validSpec())).to.deep.equal([]);
  });

  it('caches compilations of the same schema', () => {
    expect(compileStructuralSchema(structuredClone(schema))).to.equal(compiled);
  });

  it('reports enum violations with the supported values, like kube-apiserver', () => {
    const obj = validSpec();
    (obj.spec as Record<string, unknown>).strategy = 'rolling';
    const [cause] = compiled.validate(obj);
    expect(cause).to.deep.equal({
      field: 'spec.strategy',
      reason: 'FieldValueNotSupported',
      message: 'spec.strategy: Unsupported value: "rolling": supported values: "canary", "blueGreen", "abTesting"',
    });
  });

  it('reports range violations with the bound', () => {
    const obj = { spec: { targetRef: {}, analysis: { stepWeight: 150 } } };
    expect(compiled.validate(obj)).to.deep.equal([
      {
        field: 'spec.analysis.stepWeight',
        reason: 'FieldValueInvalid',
        message: 'spec.analysis.stepWeight: Invalid value: 150: must be less than or equal to 100',
      },
    ]);
  });

  it('turns OpenAPI boolean exclusiveMinimum into a strict bound', () => {
    const causes = compiled.validate({ spec: { targetRef: {}, ratio: 0 } });
    expect(causes[0]?.message).to.equal('spec.ratio: Invalid value: 0: must be greater than 0');
    expect(compiled.validate({ spec: { targetRef: {}, ratio: 0.5 } })).to.deep.equal([]);
  });

  it('reports missing required fields at the missing field path', () => {
    const causes = compiled.validate({ spec: { analysis: { metrics: [{}] } } });
    expect(causes).to.deep.include({ field: 'spec.targetRef', reason: 'FieldValueRequired', message: 'spec.targetRef: Required value' });
    expect(fieldsOf(causes)).to.include('spec.analysis.metrics[0].name');
  });

  it('accepts int-or-string values and rejects other types with one cause', () => {
    expect(compiled.validate({ spec: { targetRef: {}, port: 8080 } })).to.deep.equal([]);
    expect(compiled.validate({ spec: { targetRef: {}, port: 'http' } })).to.deep.equal([]);
    const causes = compiled.validate({ spec: { targetRef: {}, port: true } });
    expect(causes).to.have.length(1);
    expect(causes[0]?.reason).to.equal('FieldValueTypeInvalid');
    expect(causes[0]?.message).to.contain('must be of type integer or string');
  });

  it('renders map entries in brackets', () => {
    const causes = compiled.validate({ spec: { targetRef: {}, labels: { 'app.kubernetes.io/name': 3 } } });
    expect(fieldsOf(causes)).to.deep.equal(['spec.labels[app.kubernetes.io/name]']);
  });

  it('rejects duplicates in list-type set and map lists', () => {
    const obj = { spec: { targetRef: {}, tags: ['a', 'b', 'a'], analysis: { metrics: [{ name: 'x' }, { name: 'y' }, { name: 'x', interval: '2m' }] } } };
    const causes = compiled.validate(obj);
    expect(causes.map((cause) => [cause.field, cause.reason])).to.deep.equal([
      ['spec.tags[2]', 'FieldValueDuplicate'],
      ['spec.analysis.metrics[2]', 'FieldValueDuplicate'],
    ]);
    expect(causes[1]?.message).to.equal('spec.analysis.metrics[2]: Duplicate value: {"name":"x"}');
  });

  it('checks formats it knows and ignores unknown ones', () => {
    const good = { spec: { targetRef: {}, when: '2024-01-01T00:00:00Z', wait: '1m30s', odd: 'anything', analysis: { url: 'http://a.b/' } } };
    expect(compiled.validate(good)).to.deep.equal([]);
    const bad = { spec: { targetRef: {}, when: 'yesterday', wait: 'P1D', analysis: { url: 'no scheme' } } };
    expect(fieldsOf(compiled.validate(bad))).to.deep.equal(['spec.when', 'spec.wait', 'spec.analysis.url']);
  });

  it('accepts null for nullable fields only', () => {
    expect(compiled.validate({ spec: { targetRef: {}, when: null } })).to.deep.equal([]);
    expect(fieldsOf(compiled.validate({ spec: { targetRef: null } }))).to.deep.equal(['spec.targetRef']);
  });

  it('requires apiVersion and kind in embedded resources', () => {
    const causes = compiled.validate({ spec: { targetRef: {}, template: { spec: {} } } });
    expect(fieldsOf(causes)).to.deep.equal(['spec.template.apiVersion', 'spec.template.kind']);
  });

  it('reports a failed oneOf once, not per branch', () => {
    const causes = compiled.validate({ spec: { targetRef: {}, choice: {} } });
    expect(causes).to.have.length(1);
    expect(causes[0]?.field).to.equal('spec.choice');
    expect(causes[0]?.message).to.contain('oneOf');
  });

  it('reports too many items with the TooMany reason', () => {
    const causes = compiled.validate({ spec: { targetRef: {}, analysis: { history: [{}, {}, {}] } } });
    expect(causes[0]).to.deep.equal({
      field: 'spec.analysis.history',
      reason: 'FieldValueTooMany',
      message: 'spec.analysis.history: Too many: 3: must have at most 2 items',
    });
  });

  it('reports too long strings with the TooLong reason', () => {
    const causes = compiled.validate({ spec: { targetRef: { name: 'abcdefgh' } } });
    expect(causes[0]?.reason).to.equal('FieldValueTooLong');
    expect(causes[0]?.field).to.equal('spec.targetRef.name');
  });

  it('applies defaults to absent fields, nested and inside list items, without touching set ones', () => {
    const obj = { spec: { targetRef: {}, portName: 'grpc', analysis: undefined, extra: 1 } } as Record<string, unknown>;
    compiled.applyDefaults(obj);
    const spec = obj.spec as Record<string, unknown>;
    expect(spec.portName).to.equal('grpc');
    expect(spec.analysis).to.deep.equal({ threshold: 5 });
    const withMetrics = { spec: { analysis: { metrics: [{ name: 'a' }, { name: 'b', interval: '5s' }] } } };
    compiled.applyDefaults(withMetrics);
    expect(withMetrics.spec.analysis.metrics).to.deep.equal([
      { name: 'a', interval: '1m' },
      { name: 'b', interval: '5s' },
    ]);
  });

  it('does not create parents to default their children', () => {
    const obj = { metadata: {} };
    compiled.applyDefaults(obj);
    expect(obj).to.deep.equal({ metadata: {} });
  });

  it('defaults a null non-nullable field and drops one without a default', () => {
    const obj = { spec: { portName: null, strategy: null, when: null } };
    compiled.applyDefaults(obj);
    expect(obj.spec).to.deep.equal({ portName: 'http', when: null, analysis: { threshold: 5 } });
  });

  it('prunes undeclared fields and reports their paths', () => {
    const obj = {
      apiVersion: 'glidepath.dev/v1alpha1',
      kind: 'Canary',
      metadata: { name: 'a', labels: { keep: 'me' } },
      status: { phase: 'x' },
      spec: {
        targetRef: { name: 'a', bogus: 1 },
        free: { anything: { goes: true } },
        empty: { gone: 1 },
        labels: { kept: 'yes' },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 }, junk: 2 },
        analysis: { metrics: [{ name: 'a', extra: true }] },
      },
    };
    const pruned = compiled.prune(obj);
    expect(pruned).to.have.members(['status', 'spec.targetRef.bogus', 'spec.empty.gone', 'spec.template.spec.x', 'spec.template.junk', 'spec.analysis.metrics[0].extra']);
    expect(obj.metadata).to.deep.equal({ name: 'a', labels: { keep: 'me' } });
    expect(obj.spec.free).to.deep.equal({ anything: { goes: true } });
    expect(obj.spec.template).to.deep.equal({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} });
    expect(obj.spec.analysis.metrics).to.deep.equal([{ name: 'a' }]);
    expect(obj).to.not.have.property('status');
  });

  it('ignores x-kubernetes-validations (CEL) rules', () => {
    expect(compiled.validate({ spec: { targetRef: {}, rules: { x: -1 } } })).to.deep.equal([]);
  });

  it('validates non-object input with a clear cause instead of throwing', () => {
    expect(compiled.validate('nope')).to.deep.equal([
      { field: '', reason: 'FieldValueTypeInvalid', message: 'Invalid value: "nope": must be of type object' },
    ]);
    expect(() => compiled.prune(null)).to.not.throw();
    expect(() => { compiled.applyDefaults(7); }).to.not.throw();
  });

  it('throws a SchemaCompileError for an unusable schema', () => {
    expect(() => compileStructuralSchema({ type: 'object', properties: { a: { type: 'no-such-type' } } })).to.throw(
      SchemaCompileError,
      /cannot be compiled/,
    );
  });
});
