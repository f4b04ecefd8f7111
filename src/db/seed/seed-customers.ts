import type { ClientBase } from 'pg';
import { copyTable, inTransaction, money, pgArray, withoutForeignKeys } from './copy';
import type { CustomerPlan } from './customer-factory';
import type { Progress } from './progress';

const CUSTOMER_COLUMNS = `id email password_hash first_name last_name phone date_of_birth role status email_verified_at
  accepts_marketing_email accepts_marketing_sms last_login_at deleted_at created_at updated_at`;
const ADDRESS_COLUMNS = `customer_id first_name last_name line1 line2 city state postal_code country phone
  is_default_shipping is_default_billing created_at updated_at`;
const PREFERENCE_COLUMNS = `customer_id sizes brand_ids category_ids min_price max_price notification_channels
  created_at updated_at`;

const orNull = (cents: number | null) => (cents === null ? null : money(cents));

/** COPYs customers (all with the same password hash), their addresses and preferences, in one transaction. */
export function writeCustomers(
  client: ClientBase,
  customers: CustomerPlan[],
  passwordHash: string,
  progress: Progress,
) {
  const tables = ['customer_addresses', 'customer_preferences'];
  return inTransaction(client, () =>
    withoutForeignKeys(client, tables, async () => {
      const n = await copyTable(
        client,
        progress,
        'customers',
        CUSTOMER_COLUMNS,
        customers.length,
        (function* () {
          for (const c of customers) {
            const created = new Date(c.createdAt);
            // prettier-ignore
            yield [c.id, c.email, passwordHash, c.firstName, c.lastName, c.phone, c.dateOfBirth, 'customer', c.status,
              c.emailVerifiedAt, c.acceptsEmail, c.acceptsSms, c.lastLoginAt, c.deletedAt, created, c.lastLoginAt ?? created];
          }
        })(),
      );
      const addresses = await copyTable(
        client,
        progress,
        'customer_addresses',
        ADDRESS_COLUMNS,
        customers.reduce((k, c) => k + c.addresses.length, 0),
        (function* () {
          for (const c of customers) {
            const created = new Date(c.createdAt);
            for (const [i, a] of c.addresses.entries()) {
              // prettier-ignore
              yield [c.id, a.firstName, a.lastName, a.line1, a.line2, a.city, a.state, a.postalCode, a.country, a.phone,
                i === 0, i === 0, created, created];
            }
          }
        })(),
      );
      const withPrefs = customers.filter((c) => c.preference !== null);
      const preferences = await copyTable(
        client,
        progress,
        'customer_preferences',
        PREFERENCE_COLUMNS,
        withPrefs.length,
        (function* () {
          for (const c of withPrefs) {
            const pref = c.preference!;
            const created = new Date(c.createdAt);
            // prettier-ignore
            yield [c.id, pgArray(pref.sizes), pgArray(pref.brandIds), pgArray(pref.categoryIds), orNull(pref.min),
              orNull(pref.max), pgArray(pref.channels), created, created];
          }
        })(),
      );
      return { customers: n, customer_addresses: addresses, customer_preferences: preferences };
    }),
  );
}
