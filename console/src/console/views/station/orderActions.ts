// The order page's one action bar: whatever the API lists in the order's `actions` becomes a button.
// Moves the API requires a reason for (its OrderReasonSchema body) ask for it; every other move asks
// for confirmation, since none of them can be undone. 修改 opens the form instead.
import { api, unwrap, type Schemas } from '@/api/client'
import { act, askReason, confirmed } from '@/shared/useApiForm'

type Target = Pick<Schemas['OrderDetail'], 'id' | 'title'>
const path = (id: number) => ({ params: { path: { order_id: id } } })

/** Moves whose endpoint takes {reason}: asked for in a prompt. */
export const REASON_MOVES = {
  first_reject: (id: number, reason: string) => api.POST('/api/v1/orders/{order_id}/first-reject', { ...path(id), body: { reason } }),
  final_reject: (id: number, reason: string) => api.POST('/api/v1/orders/{order_id}/final-reject', { ...path(id), body: { reason } }),
  cancel: (id: number, reason: string) => api.POST('/api/v1/orders/{order_id}/cancel', { ...path(id), body: { reason } }),
  abort: (id: number, reason: string) => api.POST('/api/v1/orders/{order_id}/abort', { ...path(id), body: { reason } }),
} as const

/** Moves without a body, with the question asked before each. */
export const PLAIN_MOVES = {
  first_approve: { run: (id: number) => api.POST('/api/v1/orders/{order_id}/first-approve', path(id)),
    ask: '确定初审通过吗？通过后提交市志愿者协会终审。' },
  final_approve: { run: (id: number) => api.POST('/api/v1/orders/{order_id}/final-approve', path(id)),
    ask: '确定终审通过吗？订单将开放接单并派单。' },
  resubmit: { run: (id: number) => api.POST('/api/v1/orders/{order_id}/resubmit', path(id)),
    ask: '确定重新提交审核吗？' },
  mark_expired: { run: (id: number) => api.POST('/api/v1/orders/{order_id}/mark-expired', path(id)),
    ask: '确定将订单设为过期吗？待审核的接单将作废，此操作不可撤销。' },
  close_recruitment: { run: (id: number) => api.POST('/api/v1/orders/{order_id}/close-recruitment', path(id)),
    ask: '确定完成招募吗？订单将进入进行中，待审核的接单将不再录用。' },
} as const

export type Move = keyof typeof REASON_MOVES | keyof typeof PLAIN_MOVES

export function isMove(action: string | undefined): action is Move {
  return !!action && (action in REASON_MOVES || action in PLAIN_MOVES)
}

/** Runs one of the order's moves (asking first); true when it was done. */
export async function runMove(move: Move, order: Target, label: string): Promise<boolean> {
  const id = order.id as number
  if (move in REASON_MOVES) {
    const reason = await askReason(`${label}：${order.title}`)
    if (reason === null) return false
    return act(() => unwrap(REASON_MOVES[move as keyof typeof REASON_MOVES](id, reason)), `已${label}`)
  }
  const plain = PLAIN_MOVES[move as keyof typeof PLAIN_MOVES]
  if (!(await confirmed(plain.ask, label))) return false
  return act(() => unwrap(plain.run(id)), `已${label}`)
}
