// Images go up through the uploads API first (POST /api/v1/uploads, multipart); forms then submit the
// upload ids. The answer carries a signed content URL, good for an <img> for about an hour.
import { api, unwrap, type Schemas } from '@/api/client'

export type Upload = Schemas['Upload']

export function uploadImage(file: File): Promise<Upload> {
  const form = new FormData()
  form.append('file', file, file.name)
  // The body is already multipart: the browser sets the boundary once no Content-Type is forced.
  return unwrap(api.POST('/api/v1/uploads', { body: { file: file.name }, bodySerializer: () => form }))
}

/** An upload already attached somewhere (e.g. an entry's photos), for its thumbnail URL. */
export function uploadInfo(id: number): Promise<Upload> {
  return unwrap(api.GET('/api/v1/uploads/{upload_id}', { params: { path: { upload_id: id } } }))
}

export const IMAGE_TYPES = '.gif,.bmp,.jpeg,.jpg,.png,image/gif,image/bmp,image/jpeg,image/png'
