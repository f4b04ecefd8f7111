import type { UserError } from '../../graphql/errors';

/** customerAddressRemove's result before its ids become global IDs. */
export interface AddressRemoveResult {
  deletedAddressId: string | null;
  customerId: number | null;
  userErrors: UserError[];
}

/** customerLogout / customerSessionRevoke result: the local id of the session that ended. */
export interface RevokeResult {
  revokedSessionId: number | null;
  userErrors: UserError[];
}
