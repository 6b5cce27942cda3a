/**
 * `POST /api/canaries/:namespace/:name/actions/:action`: present only when the page was
 * started with an actions token. The request must carry the token as a bearer token;
 * the action is carried out by setting the annotation (see action-writer.ts) and logged.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { Logger } from '../controller/runtime/logger.ts';
import type { CanaryActionWriter } from './action-writer.ts';
import { ActionWriteError, CanaryNotFoundError } from './action-writer.ts';
import { sendError } from './api-routes.ts';
import type { CanarySource } from './canary-source.ts';
import { annotationOf, isPageAction, kubectlCommand, pageActions } from './page-actions.ts';
import type { PageAction } from './page-actions.ts';
import { actorFrom, checkBearer, isKubeName } from './request-checks.ts';

/** What the action route needs. */
export interface ActionDeps {
  source: CanarySource;
  writer: CanaryActionWriter;
  token: string;
  logger: Logger;
  now: () => number;
}

const ACTION_PATH = '/api/canaries/:namespace/:name/actions/:action';

function authorized(deps: ActionDeps, req: Request, res: Response): boolean {
  const check = checkBearer(req.get('authorization'), deps.token);
  if (check === 'ok') return true;
  if (check === 'missing') {
    res.set('WWW-Authenticate', 'Bearer realm="glidepath"');
    sendError(res, 401, 'an actions token is required: send it as "Authorization: Bearer <token>"');
  } else {
    sendError(res, 403, 'the actions token is not valid');
  }
  deps.logger.warn('action refused', { reason: check, path: req.path, remote: req.socket.remoteAddress });
  return false;
}

interface Target { namespace: string; name: string; action: PageAction; actor: string }

function target(deps: ActionDeps, req: Request, res: Response): Target | undefined {
  const { namespace = '', name = '', action = '' } = req.params as Record<string, string | undefined>;
  if (!isPageAction(action)) {
    sendError(res, 400, `unknown action '${action}'`, { allowed: pageActions() });
    return undefined;
  }
  if (!isKubeName(namespace) || !isKubeName(name) || deps.source.get(namespace, name) === undefined) {
    sendError(res, 404, 'canary not found', { namespace, name });
    return undefined;
  }
  try {
    return { namespace, name, action, actor: actorFrom(req.body) };
  } catch (err: unknown) {
    sendError(res, 400, err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

async function perform(deps: ActionDeps, req: Request, res: Response): Promise<void> {
  const t = target(deps, req, res);
  if (t === undefined) return;
  const at = new Date(deps.now()).toISOString();
  const fields = { canary: `${t.namespace}/${t.name}`, action: t.action, actor: t.actor, at, remote: req.socket.remoteAddress };
  try {
    await deps.writer.write({ ...t, at });
  } catch (err: unknown) {
    deps.logger.warn('action failed', { ...fields, err });
    if (err instanceof CanaryNotFoundError) sendError(res, 404, 'canary not found', { namespace: t.namespace, name: t.name });
    else sendError(res, 502, err instanceof ActionWriteError ? err.message : 'could not set the annotation');
    return;
  }
  deps.logger.info('operator action requested', fields);
  res.status(202).type('application/json').send(JSON.stringify({
    accepted: true, ...t, at, annotation: annotationOf(t.action), command: kubectlCommand(t.action, t.namespace, t.name),
  }));
}

/** The action route: the token is checked before the (small) JSON body is even parsed. */
export function actionRoutes(deps: ActionDeps): Router {
  const router = Router();
  router.post(
    ACTION_PATH,
    (req, res, next) => { if (authorized(deps, req, res)) next(); },
    express.json({ limit: '2kb', strict: true }),
    (req, res, next) => { perform(deps, req, res).catch(next); },
  );
  return router;
}

/** Without a token the route answers that actions are off, so a caller is not left guessing. */
export function disabledActionRoutes(): Router {
  const router = Router();
  router.post(ACTION_PATH, (_req, res) => {
    sendError(res, 404, 'actions are disabled: this page is read-only (start it with an actions token to enable them)');
  });
  return router;
}
