// The community office the signed-in staff member acts for. An account in one community needs no choice;
// the API picks it. The id is only used to ask for this office's own lists (activities, roster).
import { session } from '@/shared/session'

export interface Office { id: number; name: string }

export function offices(): Office[] {
  return (session.user?.memberships ?? [])
    .filter((m) => m.is_active && m.organisation?.kind === 'community' && m.organisation.id)
    .map((m) => ({ id: m.organisation!.id as number, name: m.organisation!.name ?? '' }))
}
