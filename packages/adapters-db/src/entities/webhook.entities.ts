import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export { WebhookDeliveryEntity, WebhookEndpointEntity };

/** The entities of the webhook tables (migration `Webhooks1795392000000`). */
export const WEBHOOK_ENTITIES = [WebhookEndpointEntity, WebhookDeliveryEntity] as const;
