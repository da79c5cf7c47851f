// The typed API client. Types come from the backend's OpenAPI spec (scripts/gen-api.mjs), so a request or
// a field the API does not have fails `vue-tsc`. The access token lives only in memory (./token.ts); the
// refresh token is an HttpOnly cookie the page cannot read. A 401 on an ordinary call refreshes once
// and retries; if that fails the session is over and the app shows the sign-in page.
import createClient from 'openapi-fetch'
import type { components, paths } from './schema'
import { accessToken, onSessionLost, refreshAccess } from './token'

export type Schemas = components['schemas']
export type Me = Schemas['Me']

export interface ErrorEnvelope {
  code: number
  status?: string
  error: string
  message: string
  errors?: Record<string, unknown>
}

export class ApiError extends Error {
  readonly status: number
  readonly error: string
  readonly fields: Record<string, string>

  constructor(status: number, body: Partial<ErrorEnvelope> | undefined) {
    super(body?.message || (status >= 500 ? '服务器开小差了，请稍后重试' : '请求失败，请重试'))
    this.status = status
    this.error = body?.error || 'unknown'
    this.fields = flattenFieldErrors(body?.errors || {})
  }
}

/** The envelope's `errors` is marshmallow's shape: {field: [msg]} or nested {field: {sub: [msg]}}. */
export function flattenFieldErrors(errors: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(errors)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (Array.isArray(value)) out[name] = value.filter((v) => typeof v === 'string').join('；')
    else if (value && typeof value === 'object') Object.assign(out, flattenFieldErrors(value as Record<string, unknown>, name))
    else if (typeof value === 'string') out[name] = value
  }
  return out
}

const AUTH_PATHS = ['/api/v1/auth/web/', '/api/v1/auth/password/']

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone()
  const first = await fetch(withToken(request))
  if (first.status !== 401 || AUTH_PATHS.some((p) => new URL(request.url).pathname.startsWith(p))) return first
  if (!(await refreshAccess())) {
    onSessionLost()
    return first
  }
  return fetch(withToken(retry))
}

function withToken(request: Request): Request {
  const token = accessToken()
  if (token) request.headers.set('Authorization', `Bearer ${token}`)
  return request
}

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch, credentials: 'same-origin' })

/** openapi-fetch answers {data, error, response}; screens want the data or an ApiError thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result
  try {
    result = await call
  } catch {
    throw new ApiError(0, { message: '网络连接失败，请检查网络后重试', error: 'network' })
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error as Partial<ErrorEnvelope>)
  }
  return result.data as T
}
