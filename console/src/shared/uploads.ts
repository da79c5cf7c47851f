// Images go to POST /api/v1/uploads one by one (multipart); a form then carries their ids. The answer
// carries a signed content URL, good for an <img> for about an hour.
import { api, unwrap, type Schemas } from '@/api/client'

export type Upload = Schemas['Upload']
export const IMAGE_ACCEPT = '.gif,.bmp,.jpeg,.jpg,.png'
/** For an <el-upload accept>: the extensions and the MIME types. */
export const IMAGE_TYPES = `${IMAGE_ACCEPT},image/gif,image/bmp,image/jpeg,image/png`
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024
const IMAGE_MIME = new Set(['image/gif', 'image/bmp', 'image/jpeg', 'image/png'])

/** '' when the file may be sent, else why not (the API checks the bytes again). */
export function imageProblem(file: { type: string; size: number; name: string }): string {
  const byName = /\.(gif|bmp|jpe?g|png)$/i.test(file.name)
  if (!IMAGE_MIME.has(file.type) && !byName) return '只能上传 gif、bmp、jpeg、jpg、png 图片'
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

/** An upload already attached somewhere (e.g. an entry's photos), for its thumbnail URL. */
export function uploadInfo(id: number): Promise<Upload> {
  return unwrap(api.GET('/api/v1/uploads/{upload_id}', { params: { path: { upload_id: id } } }))
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
