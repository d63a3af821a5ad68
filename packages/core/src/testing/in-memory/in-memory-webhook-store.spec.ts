import { webhookStoreContract } from '../contracts/webhook-store.contract';
import { InMemoryWebhookStore } from './in-memory-webhook-store';

webhookStoreContract('in-memory', () => Promise.resolve({ store: new InMemoryWebhookStore(), close: () => Promise.resolve() }));
