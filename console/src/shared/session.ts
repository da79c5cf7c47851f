// Who is signed in, for both pages. The refresh cookie survives a reload; the access token and the
// user do not, so `restore()` runs once at start-up.
import { reactive } from 'vue'
import { api, unwrap, type Me } from '@/api/client'
import { onSessionLost, refreshSession, setAccessToken } from '@/api/token'

export type OrgKind = 'association' | 'station' | 'community' | 'league' | 'volunteer_org'

export const session = reactive({
  user: null as Me | null,
  restored: false,
})

onSessionLost(() => {
  session.user = null
})

export async function restore(): Promise<void> {
  const answer = await refreshSession()
  session.user = answer?.user ?? null
  session.restored = true
}

export async function login(username: string, password: string): Promise<Me> {
  const answer = await unwrap(api.POST('/api/v1/auth/web/login', { body: { username, password } }))
  setAccessToken(answer.access_token ?? '')
  session.user = answer.user ?? null
  return answer.user as Me
}

export async function exchangeTicket(ticket: string): Promise<Me> {
  const answer = await unwrap(api.POST('/api/v1/auth/web/oa-exchange', { body: { ticket } }))
  setAccessToken(answer.access_token ?? '')
  session.user = answer.user ?? null
  return answer.user as Me
}

export async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  const me = await unwrap(api.POST('/api/v1/auth/password/change',
    { body: { old_password: oldPassword, new_password: newPassword } }))
  session.user = { ...(session.user ?? {}), ...me } as Me
}

export async function logout(): Promise<void> {
  await fetch('/api/v1/auth/web/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined)
  setAccessToken('')
  session.user = null
}

/** The organisations the user acts for, by kind (an account may belong to more than one). */
export function kinds(user: Me | null = session.user): Set<OrgKind> {
  const out = new Set<OrgKind>()
  for (const m of user?.memberships ?? []) {
    if (m.is_active && m.organisation?.kind) out.add(m.organisation.kind as OrgKind)
  }
  return out
}

export function isAdmin(user: Me | null = session.user): boolean {
  return !!user?.is_platform_admin
}

/** The region (street) of the station the user works for, with its district as parent_code; null if none. */
export function stationRegion(user: Me | null = session.user): { code: string; name: string; parent_code: string } | null {
  const region = (user?.memberships ?? []).find((m) => m.is_active && m.organisation?.kind === 'station')?.organisation?.region
  return region?.code ? { code: region.code, name: region.name ?? '', parent_code: region.parent_code ?? '' } : null
}
