// Sends a region file (multipart) to the import API. Plain fetch + FormData: the browser sets the
// multipart boundary itself. The access token is in memory; a 401 refreshes the session once and retries.
import { ApiError, type ErrorEnvelope, type Schemas } from '@/api/client'
import { accessToken, onSessionLost, refreshAccess } from '@/api/token'

export type RegionImport = Schemas['RegionImport']

const PATHS = {
  preview: '/api/v1/admin/region-imports/preview',
  commit: '/api/v1/admin/region-imports',
} as const

async function post(url: string, file: File): Promise<Response> {
  const body = new FormData()
  body.append('file', file, file.name)
  const headers: Record<string, string> = {}
  const token = accessToken()
  if (token) headers.Authorization = `Bearer ${token}`
  return fetch(url, { method: 'POST', body, headers, credentials: 'same-origin' })
}

/** Previews or commits the file; resolves to the API's answer or throws ApiError. */
export async function sendRegionFile(action: keyof typeof PATHS, file: File): Promise<RegionImport> {
  let response: Response
  try {
    response = await post(PATHS[action], file)
    if (response.status === 401) {
      if (!(await refreshAccess())) {
        onSessionLost()
      } else {
        response = await post(PATHS[action], file)
      }
    }
  } catch {
    throw new ApiError(0, { message: '网络连接失败，请检查网络后重试', error: 'network' })
  }
  const body = await response.json().catch(() => undefined)
  if (!response.ok) throw new ApiError(response.status, body as Partial<ErrorEnvelope> | undefined)
  return body as RegionImport
}
