/* global fetch, navigator, document, window */
// Operator actions: the kubectl command for each (always shown, with a copy button),
// and, when the server has an actions token configured, buttons. The token is typed
// in by the operator and kept in sessionStorage for this tab; it is never in the HTML.
import { h, session } from './common.js';

function label(action) {
  return action.charAt(0).toUpperCase() + action.slice(1);
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // Clipboard refused (no permission): select the text so Ctrl+C works.
    const code = button.parentElement.querySelector('code');
    window.getSelection().selectAllChildren(code);
    button.textContent = 'Selected';
  }
  window.setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

function commandRow(a) {
  const button = h('button', { type: 'button', class: 'ghost small', dataset: { testid: `copy-${a.action}` }, text: 'Copy' });
  button.addEventListener('click', () => { void copy(a.command, button); });
  return h('li', { class: 'command' },
    h('span', { class: 'command-name', title: a.description, text: label(a.action) }),
    h('code', { dataset: { testid: `command-${a.action}` }, text: a.command }),
    button);
}

async function post(detail, action) {
  const { namespace, name } = detail.summary;
  const url = `/api/canaries/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/actions/${encodeURIComponent(action)}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(session.actor() ? { actor: session.actor() } : {}),
  });
  const body = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, body };
}

function tokenForm(onUnlock) {
  const token = h('input', { type: 'password', autocomplete: 'off', placeholder: 'actions token', dataset: { testid: 'token-input' }, 'aria-label': 'actions token' });
  const actor = h('input', { type: 'text', autocomplete: 'off', placeholder: 'your name (optional)', maxlength: 63, dataset: { testid: 'actor-input' }, 'aria-label': 'your name' });
  const form = h('form', { class: 'token-form' }, token, actor, h('button', { type: 'submit', dataset: { testid: 'unlock' }, text: 'Unlock actions' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (token.value.trim() === '') return;
    session.save(token.value.trim(), actor.value.trim());
    onUnlock();
  });
  return form;
}

/** Keeps the actions card: commands always, buttons only when the server allows actions. */
export class ActionsPanel {
  constructor() {
    this.el = h('section', { class: 'card actions' });
    this.detail = null;
    this.result = h('p', { class: 'result muted', dataset: { testid: 'action-result' }, 'aria-live': 'polite' });
  }

  /** Re-renders with fresh detail data; typed-in fields survive because the form is rebuilt only when needed. */
  update(detail) {
    const first = this.detail === null;
    this.detail = detail;
    if (first) this.render();
  }

  render() {
    const d = this.detail;
    this.el.replaceChildren(
      h('div', { class: 'card-head' }, h('h2', { text: 'Actions' }),
        h('span', { class: 'muted', text: d.actions.enabled ? 'each sets the annotation kubectl would set' : 'read-only page: run these with kubectl' })),
      d.actions.enabled ? this.controls() : null,
      h('ul', { class: 'commands' }, d.actions.list.map(commandRow)));
  }

  controls() {
    if (session.token() === '') return h('div', { class: 'controls' }, tokenForm(() => { this.render(); }));
    const buttons = this.detail.actions.list.map((a) => h('button', {
      type: 'button', class: `action action-${a.action}`, title: a.description, dataset: { testid: `action-${a.action}` }, text: label(a.action),
      onclick: () => { void this.run(a.action); },
    }));
    const lock = h('button', { type: 'button', class: 'ghost small', text: 'Forget token', onclick: () => { session.clear(); this.render(); } });
    return h('div', { class: 'controls' }, h('div', { class: 'buttons' }, buttons, lock), this.result);
  }

  async run(action) {
    this.result.textContent = `Requesting ${action}…`;
    try {
      const answer = await post(this.detail, action);
      if (answer.status === 401 || answer.status === 403) {
        session.clear();
        this.render();
      }
      this.result.textContent = answer.ok
        ? `${label(action)} requested by ${answer.body.actor} at ${new Date(answer.body.at).toLocaleTimeString()}: ${answer.body.annotation} set.`
        : `${label(action)} refused (${answer.status}): ${answer.body.error ?? 'unknown error'}`;
      this.result.className = `result ${answer.ok ? 'ok' : 'bad'}`;
    } catch (err) {
      this.result.textContent = `${label(action)} failed: ${err.message}`;
      this.result.className = 'result bad';
    }
    document.activeElement?.blur?.();
  }
}
