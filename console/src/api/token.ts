// The access token, in memory only, and the browser session's refresh through the HttpOnly cookie.
// One refresh at a time: several calls failing with 401 together share the same refresh.
import type { components } from './schema'

type WebLogin = components['schemas']['WebLoginResult']

let token = ''
let inflight: Promise<WebLogin | null> | null = null
const lostListeners: Array<() => void> = []

export function accessToken(): string {
  return token
}

export function setAccessToken(value: string): void {
  token = value
}

export function onSessionLost(listener?: () => void): void {
  if (listener) {
    lostListeners.push(listener)
    return
  }
  token = ''
  lostListeners.forEach((l) => l())
}

/** POST /api/v1/auth/web/refresh with the cookie; resolves to the sign-in answer or null. */
export function refreshSession(): Promise<WebLogin | null> {
  if (!inflight) {
    inflight = fetch('/api/v1/auth/web/refresh', { method: 'POST', credentials: 'same-origin' })
      .then(async (r) => (r.ok ? ((await r.json()) as WebLogin) : null))
      .catch(() => null)
      .then((answer) => {
        if (answer?.access_token) token = answer.access_token
        return answer
      })
      .finally(() => {
        inflight = null
      })
  }
  return inflight
}

export async function refreshAccess(): Promise<boolean> {
  return (await refreshSession()) !== null
}
