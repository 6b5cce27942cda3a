import { isIntervalDue, tickOf } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import type { GuardArgs } from './release-guards.ts';
import { primaryPromoted } from './release-guards.ts';
import type { ReleaseContext, ReleaseEvent } from './release-types.ts';

/** The canary strategy's weight walk: `stepWeights` in order, then weighted promotion. */

function lastStepIndex(context: ReleaseContext): number {
  return context.config.stepWeights.length - 1;
}

/** The confirm-traffic-increase gate is closed on this tick, so the weight may not go up. */
export function trafficGateClosed({ event }: GuardArgs): boolean {
  const tick = tickOf(event);
  return tick !== null && !tick.gates.confirmTrafficIncrease;
}

/** The weight has reached the last step (maxWeight) of the spec in force, measured after pre-rollout. */
export function atMaxWeight({ context, event }: GuardArgs): boolean {
  const tick = tickOf(event);
  const steps = tick?.config.stepWeights ?? context.config.stepWeights;
  return context.preRolloutDone && context.stepIndex >= steps.length - 1;
}

/** Takes the next weight step after a passing analysis tick. */
export function stepWeight(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const tick = tickOf(event);
  if (tick === null) return {};
  const stepIndex = Math.min(context.stepIndex + 1, lastStepIndex(context));
  const canaryWeight = context.config.stepWeights[stepIndex] ?? context.canaryWeight;
  return {
    stepIndex,
    canaryWeight,
    iterations: context.iterations + 1,
    lastAnalysisAt: tick.now,
    preRolloutDone: true,
    unreadySince: null,
    message: `analysis passed: weight ${canaryWeight}% (step ${stepIndex + 1} of ${context.config.stepWeights.length})`,
  };
}

/** Records a passing analysis tick that may not raise the weight because the gate is closed. */
export function holdTrafficGate(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const tick = tickOf(event);
  if (tick === null) return {};
  return {
    lastAnalysisAt: tick.now,
    preRolloutDone: true,
    unreadySince: null,
    message: `holding at weight ${context.canaryWeight}%: waiting for confirm-traffic-increase`,
  };
}

function promotionStep(context: ReleaseContext, event: ReleaseEvent): number {
  return (tickOf(event)?.config ?? context.config).stepWeightPromotion;
}

/** The primary runs the new revision and the canary's share is gone, or goes this tick. */
export function promotionComplete(args: GuardArgs): boolean {
  const tick = tickOf(args.event);
  if (tick === null || !primaryPromoted(args)) return false;
  const { context } = args;
  const step = promotionStep(context, args.event);
  return step <= 0 || context.canaryWeight <= 0 || (isIntervalDue(context, tick) && context.canaryWeight <= step);
}

/** The primary runs the new revision and the next weighted-promotion step is due. */
export function promotionStepDue(args: GuardArgs): boolean {
  const tick = tickOf(args.event);
  if (tick === null || !primaryPromoted(args)) return false;
  const step = promotionStep(args.context, args.event);
  return step > 0 && isIntervalDue(args.context, tick) && args.context.canaryWeight > step;
}

/** Moves one `stepWeightPromotion` of traffic from the canary back to the (promoted) primary. */
export function stepPromotionWeight(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const tick = tickOf(event);
  if (tick === null) return {};
  const canaryWeight = Math.max(0, context.canaryWeight - promotionStep(context, event));
  return {
    canaryWeight,
    lastAnalysisAt: tick.now,
    unreadySince: null,
    message: `promotion: primary runs revision ${context.revision ?? '?'}; canary weight down to ${canaryWeight}%`,
  };
}
