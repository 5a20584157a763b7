// In-process domain events: how a module hands work to another without importing it backwards
// (e.g. matching emits `proposal.accepted`, follow-up listens). Handlers must be idempotent.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export interface DomainEvents {
  'user.registered': { userId: string; role: string };
  'proposal.accepted': { proposalId: string; familyId: string; offerId: string };
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor(private readonly logger: Logger) {}

  on<K extends keyof DomainEvents>(name: K, handler: (payload: DomainEvents[K]) => Promise<void> | void): void {
    this.emitter.on(name, (payload: DomainEvents[K]) => {
      Promise.resolve()
        .then(() => handler(payload))
        .catch((error: unknown) => this.logger.error({ event: name, err: error instanceof Error ? error.message : String(error) }, 'event handler failed'));
    });
  }

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}
