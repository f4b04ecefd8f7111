/** Stops the database server global-setup started (testcontainers or embedded); env servers stay. */
export default async function globalTeardown() {
  await globalThis.__bazaarDbServer?.stop();
}
