// The station's review moves on a beneficiary (审核通过 / 审核不通过 / 禁用 / 启用 / 重新提交), shared by the
// list and the detail page. Each asks first (or for the reason the API requires); the API decides whether
// the move is allowed.
import { api, unwrap } from '@/api/client'
import { act, askReason, confirmed } from '@/shared/useApiForm'

export type ReviewMove = 'approve' | 'reject' | 'disable' | 'enable' | 'resubmit'

export const MOVE_LABELS: Record<ReviewMove, string> = {
  approve: '审核通过', reject: '审核不通过', disable: '禁用', enable: '启用', resubmit: '重新提交审核',
}

/** Runs the move on beneficiary `id` after asking; true when it was done. */
export async function review(move: ReviewMove, id: number, name = ''): Promise<boolean> {
  const path = { params: { path: { beneficiary_id: id } } }
  const who = name ? `“${name}”` : '该服务对象'
  switch (move) {
    case 'reject': {
      const reason = await askReason(`审核不通过：${who}`)
      if (reason === null) return false
      return act(() => unwrap(api.POST('/api/v1/beneficiaries/{beneficiary_id}/reject', { ...path, body: { reason } })),
        '已审核不通过')
    }
    case 'approve':
      if (!(await confirmed(`确定审核通过${who}吗？通过后即入库，可为其发单。`))) return false
      return act(() => unwrap(api.POST('/api/v1/beneficiaries/{beneficiary_id}/approve', path)), '已审核通过')
    case 'disable':
      if (!(await confirmed(`确定禁用${who}吗？禁用后不能再为其发单。`))) return false
      return act(() => unwrap(api.POST('/api/v1/beneficiaries/{beneficiary_id}/disable', path)), '已禁用')
    case 'enable':
      if (!(await confirmed(`确定启用${who}吗？`))) return false
      return act(() => unwrap(api.POST('/api/v1/beneficiaries/{beneficiary_id}/enable', path)), '已启用')
    case 'resubmit':
      if (!(await confirmed(`确定将${who}重新提交审核吗？`))) return false
      return act(() => unwrap(api.POST('/api/v1/beneficiaries/{beneficiary_id}/resubmit', path)), '已重新提交')
  }
}

/** The moves a row offers, by status (the detail page uses the API's own `actions`). */
export function rowMoves(status: string | undefined): ReviewMove[] {
  switch (status) {
    case 'pending': return ['approve', 'reject']
    case 'active': return ['disable']
    case 'disabled': return ['enable']
    default: return []
  }
}
