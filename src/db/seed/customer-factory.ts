import argon2 from 'argon2';
import { normalizePassword } from '../../modules/customers/policy';
import { CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from './data/people';
import { DAY_MS } from './product-factory';
import type { Rng } from './rng';

/** argon2id cost parameters (config ARGON2_*). */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's baseline, and the config defaults. */
export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The address snapshot an order stores (camelCase, like the GraphQL Address type). */
export interface AddressSnapshot {
  firstName: string;
  lastName: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

/** What order and review planning needs of a customer. */
export interface CustomerRef {
  id: number;
  createdAt: number;
  address: AddressSnapshot;
  /** Relative chance of being the buyer of an order. */
  loyalty: number;
}

export interface CustomerPlan extends CustomerRef {
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  dateOfBirth: string | null;
  status: 'active' | 'suspended' | 'deleted';
  emailVerifiedAt: Date | null;
  acceptsEmail: boolean;
  acceptsSms: boolean;
  lastLoginAt: Date | null;
  deletedAt: Date | null;
  addresses: AddressSnapshot[];
  preference: {
    sizes: string[];
    brandIds: number[];
    categoryIds: number[];
    min: number | null;
    max: number | null;
    channels: string[];
  } | null;
}

function emailPart(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

function address(r: Rng, firstName: string, lastName: string, phone: string | null): AddressSnapshot {
  const city = r.pick(CITIES);
  return {
    firstName,
    lastName,
    line1: `${r.int(1, 9899)} ${r.pick(STREET_NAMES)} ${r.pick(STREET_SUFFIXES)}`,
    line2: r.chance(0.2)
      ? `${r.pick(['Apt', 'Unit', 'Suite'])} ${r.int(1, 40)}${r.pick(['', 'A', 'B', 'C'])}`
      : null,
    city: city.city,
    state: city.state,
    postalCode: `${city.zip}${String(r.int(0, 99)).padStart(2, '0')}`,
    country: 'US',
    phone,
  };
}

/** Plans customers with ids from a reserved block; deleted ones are left out of the buyer pool by the caller. */
export function planCustomers(
  r: Rng,
  count: number,
  firstId: number,
  base: number,
  pick: { brandIds: number[]; categoryIds: number[] },
): CustomerPlan[] {
  const out: CustomerPlan[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const firstName = r.pick(FIRST_NAMES);
    const lastName = r.pick(LAST_NAMES);
    const city = r.pick(CITIES);
    const phone = r.chance(0.7)
      ? `+1${city.area}${r.int(200, 999)}${String(r.int(0, 9999)).padStart(4, '0')}`
      : null;
    // The id in the address keeps emails unique across repeated runs without a reset.
    const email = `${emailPart(firstName)}.${emailPart(lastName)}${id}@${r.pick(EMAIL_DOMAINS)}`;
    const createdAt = base - r.float(0.05, 1095) * DAY_MS;
    const roll = r.next();
    const status = roll < 0.98 ? 'active' : roll < 0.995 ? 'suspended' : 'deleted';
    const addresses = [address(r, firstName, lastName, phone)];
    while (addresses.length < 3 && r.chance(0.25))
      addresses.push(address(r, firstName, r.chance(0.8) ? lastName : r.pick(LAST_NAMES), null));
    const lastLogin = r.chance(0.75) ? createdAt + r.next() * (base - createdAt) : null;
    const age = r.int(18, 78);
    out.push({
      id,
      email,
      firstName,
      lastName,
      phone,
      dateOfBirth: r.chance(0.6)
        ? new Date(base - age * 365.25 * DAY_MS - r.int(0, 364) * DAY_MS).toISOString().slice(0, 10)
        : null,
      status,
      emailVerifiedAt: r.chance(0.85) ? new Date(createdAt + r.float(1, 600) * 60_000) : null,
      acceptsEmail: r.chance(0.35),
      acceptsSms: r.chance(0.1),
      lastLoginAt: lastLogin === null ? null : new Date(lastLogin),
      deletedAt: status === 'deleted' ? new Date(createdAt + r.next() * (base - createdAt)) : null,
      createdAt,
      address: addresses[0] as AddressSnapshot,
      addresses,
      loyalty: r.next() ** 3 + 0.02,
      preference: r.chance(0.5)
        ? {
            sizes: r.sample(['XS', 'S', 'M', 'L', 'XL', '8', '9', '10', '11'], r.int(0, 2)),
            brandIds: r.sample(pick.brandIds, r.int(0, 3)),
            categoryIds: r.sample(pick.categoryIds, r.int(0, 3)),
            // Every max is above every min, so the range is always valid.
            min: r.chance(0.3) ? r.pick([0, 10, 25, 50]) * 100 : null,
            max: r.chance(0.4) ? r.pick([100, 250, 500, 1000, 2500]) * 100 : null,
            channels: r.sample(['email', 'push', 'sms', 'in_app'], r.int(1, 2)),
          }
        : null,
    });
  }
  return out;
}

/**
 * One argon2id hash shared by every customer of a seed run: hashing 20k passwords would take
 * minutes. The password is generated per run (see `generatePassword`), never a constant.
 */
export function sharedPasswordHash(password: string, params: Argon2Params): Promise<string> {
  return argon2.hash(normalizePassword(password), { type: argon2.argon2id, ...params });
}
