// Images go to POST /api/v1/uploads one by one (multipart); a form then carries their ids.
import { api, unwrap, type Schemas } from '@/api/client'

export type Upload = Schemas['Upload']
export const IMAGE_ACCEPT = '.gif,.bmp,.jpeg,.jpg,.png'
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024
const IMAGE_TYPES = new Set(['image/gif', 'image/bmp', 'image/jpeg', 'image/png'])

/** '' when the file may be sent, else why not (the API checks the bytes again). */
export function imageProblem(file: { type: string; size: number; name: string }): string {
  const byName = /\.(gif|bmp|jpe?g|png)$/i.test(file.name)
  if (!IMAGE_TYPES.has(file.type) && !byName) return '只能上传 gif、bmp、jpeg、jpg、png 图片'
  if (file.size > IMAGE_MAX_BYTES) return '图片不能大于 10MB'
  return ''
}

export function uploadImage(file: File): Promise<Upload> {
  return unwrap(api.POST('/api/v1/uploads', {
    body: { file: file as unknown as string },
    bodySerializer(body) {
      const data = new FormData()
      data.append('file', body.file as unknown as Blob)
      return data
    },
  }))
}

/** The API's signed image link on this page's own origin: the console is served by the same platform,
 *  and the link's configured public host may differ from the address the browser used (a proxy, a port). */
export function imageSrc(url?: string | null): string {
  if (!url) return ''
  try {
    const parsed = new URL(url, window.location.href)
    return parsed.pathname + parsed.search
  } catch {
    return url
  }
}
