import type { Prisma } from '../../generated/prisma/client';
import type { UserError } from '../../graphql/errors';
import type { VariantRecord } from '../catalog/catalog.types';
import type { Cents, DiscountCodeRules, DiscountProblem, Totals } from './pricing';

export type CartStatusValue = 'active' | 'converted' | 'abandoned' | 'merged';

/** A cart row with what its totals depend on (the applied code, the customer's default country). */
export interface CartRecord {
  id: string;
  customerId: number | null;
  status: CartStatusValue;
  currency: string;
  country: string | null;
  /** Country of the owner's default shipping address, when there is one. */
  addressCountry: string | null;
  discountCodeId: number | null;
  /** The applied code's rules, null when none is applied. */
  discount: (DiscountCodeRules & { code: string }) | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A cart line joined with its variant and product as they are now. */
export interface CartLineRecord {
  id: number;
  cartId: string;
  quantity: number;
  unitPriceAtAdd: Prisma.Decimal;
  /** What the line costs now: the variant's own price, else the product's current (sale) price. */
  currentPrice: Prisma.Decimal;
  createdAt: Date;
  productId: number;
  productName: string;
  productStatus: string;
  marketplace: string | null;
  externalUrl: string | null;
  variant: VariantRecord;
}

export type Availability = 'IN_STOCK' | 'INSUFFICIENT_STOCK' | 'OUT_OF_STOCK' | 'UNAVAILABLE';

/** A line as the Cart type shows it. */
export interface CartLineView extends CartLineRecord {
  currency: string;
  quantityAvailable: number;
  availability: Availability;
}

/** Everything the Cart type shows, priced once per request (cart.view loader). */
export interface CartView {
  cart: CartRecord;
  lines: CartLineView[];
  discount: { code: string; problem: DiscountProblem | null } | null;
  totals: Totals;
  country: string;
  taxRate: string;
  amountToFreeShipping: Cents | null;
  priceChanged: boolean;
}

/** CartGroup before its amounts become Money. */
export interface CartGroupView {
  marketplace: string | null;
  lines: CartLineView[];
  currency: string;
}

/** A cart mutation's result: the id of the cart to show, resolved through the request's loaders. */
export interface CartResult {
  cartId: string | null;
  userErrors: UserError[];
}
