/**
 * Pods grouped by their controlling Deployment, fed by the pod informer, plus
 * an overlay of this controller's own writes that the watch has not echoed
 * yet. Without the overlay a second pass right after a create would not see
 * the new Pod and would create it again (Kubernetes calls these
 * "expectations"). Overlay entries expire so a lost event cannot wedge a
 * Deployment.
 */
import type { PodLike } from './api-shapes.ts';
import { controllingDeploymentKey } from './pod-builder.ts';
import { isTerminating } from './pod-state.ts';

/** How long an unconfirmed write shapes the view before the cache is trusted again. */
export const EXPECTATION_TTL_MS = 30_000;

interface Pending {
  pod: PodLike;
  expiresAt: number;
}

/** A Deployment's Pods as the controller should see them right now. */
export interface OwnedPods {
  live: PodLike[];
  terminating: number;
}

/** Indexes Pods by owning Deployment and remembers unconfirmed creates and deletes. */
export class PodIndex {
  private readonly byOwner = new Map<string, Map<string, PodLike>>();
  private readonly created = new Map<string, Map<string, Pending>>();
  private readonly deleted = new Map<string, Map<string, Pending>>();

  /** Records an added or updated Pod from the informer; returns its owner key if it has one. */
  upsert(pod: PodLike): string | undefined {
    const owner = controllingDeploymentKey(pod);
    const name = pod.metadata?.name;
    if (owner === undefined || name === undefined) return undefined;
    mapFor(this.byOwner, owner).set(name, pod);
    this.created.get(owner)?.delete(name);
    if (isTerminating(pod)) this.deleted.get(owner)?.delete(name);
    return owner;
  }

  /** Records a Pod the informer saw deleted; returns its owner key if it has one. */
  remove(pod: PodLike): string | undefined {
    const owner = controllingDeploymentKey(pod);
    const name = pod.metadata?.name;
    if (owner === undefined || name === undefined) return undefined;
    deleteFrom(this.byOwner, owner, name);
    deleteFrom(this.created, owner, name);
    deleteFrom(this.deleted, owner, name);
    return owner;
  }

  /** Notes a Pod this controller just created. */
  expectCreated(owner: string, pod: PodLike, now: number): void {
    const name = pod.metadata?.name;
    if (name === undefined || this.byOwner.get(owner)?.has(name) === true) return;
    mapFor(this.created, owner).set(name, { pod, expiresAt: now + EXPECTATION_TTL_MS });
  }

  /** Notes a Pod this controller just asked the API server to delete. */
  expectDeleted(owner: string, pod: PodLike, now: number): void {
    const name = pod.metadata?.name;
    if (name === undefined) return;
    this.created.get(owner)?.delete(name);
    mapFor(this.deleted, owner).set(name, { pod, expiresAt: now + EXPECTATION_TTL_MS });
  }

  /** Returns the owner's Pods: cached ones minus unconfirmed deletes, plus unconfirmed creates. */
  podsOf(owner: string, now: number): OwnedPods {
    const deleted = liveEntries(this.deleted, owner, now);
    const live: PodLike[] = [];
    let terminating = 0;
    for (const [name, pod] of this.byOwner.get(owner) ?? []) {
      if (isTerminating(pod) || deleted.has(name)) terminating += 1;
      else live.push(pod);
    }
    for (const pending of liveEntries(this.created, owner, now).values()) live.push(pending.pod);
    return { live, terminating };
  }

  /** Forgets everything about an owner (its Deployment is gone). */
  forget(owner: string): void {
    this.created.delete(owner);
    this.deleted.delete(owner);
  }
}

function mapFor<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

function deleteFrom<V>(outer: Map<string, Map<string, V>>, key: string, name: string): void {
  const inner = outer.get(key);
  if (inner === undefined) return;
  inner.delete(name);
  if (inner.size === 0) outer.delete(key);
}

/** The owner's unexpired pending entries, pruning expired ones on the way. */
function liveEntries(outer: Map<string, Map<string, Pending>>, owner: string, now: number): Map<string, Pending> {
  const inner = outer.get(owner);
  if (inner === undefined) return new Map();
  for (const [name, pending] of inner) {
    if (pending.expiresAt <= now) inner.delete(name);
  }
  if (inner.size === 0) outer.delete(owner);
  return inner;
}
