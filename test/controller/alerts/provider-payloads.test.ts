import { expect } from 'chai';
import { alertMessage } from '../../../src/controller/alerts/alert-message.ts';
import { payloadFor } from '../../../src/controller/alerts/provider-payloads.ts';
import { alertsForEntries } from '../../../src/controller/alerts/transition-alerts.ts';
import { canaryWith, entry } from './alert-fixtures.ts';

function failedMessage(): ReturnType<typeof alertMessage> {
  const canary = canaryWith([]);
  const [alert] = alertsForEntries(canary, [entry('progressing.analysing', 'failed', 'TICK', { weight: 40, message: 'failed checks reached the threshold (3)' })]);
  if (alert === undefined) throw new Error('no alert');
  return alertMessage(canary, alert, 3);
}

describe('alerts: provider payloads', () => {
  const message = failedMessage();

  it('the message names the Canary, target, transition, weight, failed checks and analysis settings', () => {
    expect(message.canary).to.deep.equal({ name: 'shop', namespace: 'shop-ns' });
    expect(message.severity).to.equal('error');
    expect(message.detail).to.equal('failed checks reached the threshold (3)');
    expect(Object.fromEntries(message.fields.map((f) => [f.name, f.value]))).to.deep.equal({
      Target: 'Deployment/shop.shop-ns', Transition: 'progressing.analysing → failed', 'Canary weight': '40%', 'Failed checks': '3',
      Interval: '10s', 'Failed checks threshold': '3', 'Progress deadline': '60s',
    });
  });

  it('slack: text plus a coloured attachment with fields, channel and username', () => {
    const body = payloadFor('slack', message, { channel: 'releases', username: 'bot' });
    expect(body).to.include({ channel: 'releases', username: 'bot' });
    expect(body.text).to.match(/^shop\.shop-ns: Release of shop\.shop-ns failed/);
    const [attachment] = body.attachments as { color: string; text: string; fields: { title: string; value: string; short: boolean }[] }[];
    expect(attachment?.color).to.equal('#e01e5a');
    expect(attachment?.text).to.equal(message.detail);
    expect(attachment?.fields).to.deep.include({ title: 'Canary weight', value: '40%', short: true });
  });

  it('rocket: the Slack-compatible shape; no channel key when none is set', () => {
    const body = payloadFor('rocket', message);
    expect(body).to.not.have.property('channel');
    expect(body).to.have.property('username', 'glidepath');
    expect(body).to.have.property('attachments');
  });

  it('discord: content plus an embed with an integer colour and inline fields', () => {
    const body = payloadFor('discord', message, { username: 'bot' });
    expect(body.username).to.equal('bot');
    const [embed] = body.embeds as { color: number; description: string; fields: { name: string; value: string; inline: boolean }[]; timestamp: string }[];
    expect(embed?.color).to.equal(0xe01e5a);
    expect(embed?.description).to.equal(message.detail);
    expect(embed?.fields).to.deep.include({ name: 'Failed checks', value: '3', inline: true });
    expect(embed?.timestamp).to.equal(message.time);
  });

  it('msteams: a MessageCard with a theme colour and facts', () => {
    const body = payloadFor('msteams', message);
    expect(body).to.include({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', themeColor: 'e01e5a' });
    const [section] = body.sections as { activityTitle: string; facts: { name: string; value: string }[] }[];
    expect(section?.activityTitle).to.equal('shop.shop-ns');
    expect(section?.facts).to.deep.include({ name: 'Target', value: 'Deployment/shop.shop-ns' });
  });

  it('gchat: text plus a cardsV2 card with a header and decorated fields', () => {
    const body = payloadFor('gchat', message);
    expect(body.text).to.match(/^\*shop\.shop-ns\*: /);
    const [card] = body.cardsV2 as { cardId: string; card: { header: { title: string }; sections: { widgets: unknown[] }[] } }[];
    expect(card?.cardId).to.equal(message.id);
    expect(card?.card.header.title).to.equal('shop.shop-ns');
    expect(card?.card.sections[0]?.widgets).to.deep.include({ decoratedText: { topLabel: 'Interval', text: '10s' } });
  });

  it('generic: flat JSON with id, severity, reason and the transition', () => {
    const body = payloadFor('generic', message);
    expect(body).to.include({ id: message.id, severity: 'error', reason: 'Failed', name: 'shop', namespace: 'shop-ns', from: 'progressing.analysing', to: 'failed', weight: 40 });
    expect(body.fields).to.include({ 'Failed checks': '3' });
  });
});
