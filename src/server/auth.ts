import { GraphQLError } from 'graphql';
import { resolveViewerFromToken } from '../modules/customers/session.service';
import type { AppDeps, Viewer } from './context';

/**
 * Resolves the viewer of a bearer token. No token: anonymous. A token that is unknown, expired
 * or revoked is an error (UNAUTHENTICATED) rather than silently anonymous, so a client notices.
 */
export async function authenticate(deps: AppDeps, token: string | null): Promise<Viewer | null> {
  if (!token) return null;
  const viewer = await resolveViewerFromToken(deps, token);
  if (!viewer) {
    throw new GraphQLError('Session expired or revoked; sign in again', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return viewer;
}
