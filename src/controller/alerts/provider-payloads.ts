/**
 * The JSON body each receiving service's incoming webhook takes, built from one AlertMessage.
 * Shapes follow the services' public webhook formats: Slack and Rocket.Chat (text plus
 * attachments), Discord (content plus embeds), Microsoft Teams connectors (MessageCard), Google
 * Chat (text plus a cardsV2 card), and Glidepath's own generic JSON.
 */
import type { AlertProviderType } from '../../api/alert-provider-types.ts';
import { AlertProviderType as Types } from '../../api/alert-provider-types.ts';
import type { AlertSeverity } from '../../api/alert-provider-types.ts';
import type { AlertMessage } from './alert-message.ts';

/** Who a message is posted as, and where, when the service lets the sender choose. */
export interface PayloadOptions {
  channel?: string | undefined;
  username?: string | undefined;
}

const DEFAULT_USERNAME = 'glidepath';
// Discord refuses content over 2000 characters and embed descriptions over 4096.
const DISCORD_CONTENT_LIMIT = 2000;

const COLOR: Readonly<Record<AlertSeverity, string>> = Object.freeze({ info: '#2eb67d', warn: '#ecb22e', error: '#e01e5a' });

function colorHex(severity: AlertSeverity): string {
  return COLOR[severity].slice(1);
}

function heading(message: AlertMessage): string {
  return `${message.canary.name}.${message.canary.namespace}`;
}

function slackLike(message: AlertMessage, options: PayloadOptions): Record<string, unknown> {
  return {
    ...(options.channel === undefined || options.channel === '' ? {} : { channel: options.channel }),
    username: options.username ?? DEFAULT_USERNAME,
    text: `${heading(message)}: ${message.title}`,
    attachments: [{
      color: COLOR[message.severity],
      title: message.title,
      text: message.detail,
      fields: message.fields.map((f) => ({ title: f.name, value: f.value, short: true })),
      ts: Math.floor(Date.parse(message.time) / 1000),
    }],
  };
}

function discord(message: AlertMessage, options: PayloadOptions): Record<string, unknown> {
  return {
    username: options.username ?? DEFAULT_USERNAME,
    content: `${heading(message)}: ${message.title}`.slice(0, DISCORD_CONTENT_LIMIT),
    embeds: [{
      title: message.title,
      description: message.detail,
      color: Number.parseInt(colorHex(message.severity), 16),
      fields: message.fields.map((f) => ({ name: f.name, value: f.value, inline: true })),
      timestamp: message.time,
    }],
  };
}

function msteams(message: AlertMessage): Record<string, unknown> {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    themeColor: colorHex(message.severity),
    summary: `${heading(message)}: ${message.title}`,
    sections: [{
      activityTitle: heading(message),
      activitySubtitle: message.title,
      text: message.detail,
      facts: message.fields.map((f) => ({ name: f.name, value: f.value })),
    }],
  };
}

function gchat(message: AlertMessage): Record<string, unknown> {
  return {
    text: `*${heading(message)}*: ${message.title}`,
    cardsV2: [{
      cardId: message.id,
      card: {
        header: { title: heading(message), subtitle: message.title },
        sections: [{ widgets: [
          { textParagraph: { text: message.detail } },
          ...message.fields.map((f) => ({ decoratedText: { topLabel: f.name, text: f.value } })),
        ] }],
      },
    }],
  };
}

function generic(message: AlertMessage): Record<string, unknown> {
  return {
    id: message.id,
    severity: message.severity,
    reason: message.reason,
    name: message.canary.name,
    namespace: message.canary.namespace,
    target: message.target,
    title: message.title,
    message: message.detail,
    from: message.phaseTransition.from,
    to: message.phaseTransition.to,
    weight: message.weight,
    time: message.time,
    fields: Object.fromEntries(message.fields.map((f) => [f.name, f.value])),
  };
}

/** The request body for a provider of `type`; every type gets the same facts in its own shape. */
export function payloadFor(type: AlertProviderType, message: AlertMessage, options: PayloadOptions = {}): Record<string, unknown> {
  switch (type) {
    case Types.Slack:
    case Types.Rocket:
      return slackLike(message, options);
    case Types.Discord:
      return discord(message, options);
    case Types.MSTeams:
      return msteams(message);
    case Types.GChat:
      return gchat(message);
    case Types.Generic:
      return generic(message);
  }
}
