/**
 * The admin account from ADMIN_EMAIL / ADMIN_PASSWORD. The implementation lives with the admin
 * module (it writes an audit entry and shares the app's argon2id hasher, configured by
 * ARGON2_MEMORY_KIB / ARGON2_TIME_COST / ARGON2_PARALLELISM); re-exported here so the seed and
 * `npm run admin:create` create admins the same way.
 * @example await ensureAdmin(url, { email: 'ops@example.com', password: 's3cret-pass' }, config);
 */
export { ensureAdmin } from '../../modules/admin/ensure-admin';
