import { webhookStoreContract } from '@counterpay/core/testing';
import { onEveryDriver } from '../testing/drivers.fixture';
import { TypeOrmWebhookStore } from './typeorm-webhook.store';

onEveryDriver('TypeOrmWebhookStore', (open) => {
  webhookStoreContract('typeorm', async () => {
    const persistence = await open();
    return { store: new TypeOrmWebhookStore(persistence.dataSource), close: () => persistence.close() };
  });
});
