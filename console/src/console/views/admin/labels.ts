// Words the platform admin's screens show for the API's codes.
import type { Schemas } from '@/api/client'

export type OrgKindCode = NonNullable<Schemas['Organisation']['kind']>

export const ORG_KINDS: Array<{ value: OrgKindCode; label: string }> = [
  { value: 'association', label: '市志愿者协会' }, { value: 'station', label: '社工站' },
  { value: 'community', label: '社区' }, { value: 'league', label: '团组织' },
  { value: 'volunteer_org', label: '志愿服务组织' },
]

export function orgKindLabel(kind?: string | null): string {
  return ORG_KINDS.find((k) => k.value === kind)?.label ?? '—'
}

export const DELIVERY_STATUSES: Array<{ value: string; label: string; tag: 'success' | 'danger' | 'warning' | 'info' | 'primary' }> = [
  { value: 'failed', label: '失败', tag: 'danger' }, { value: 'unknown', label: '结果未知', tag: 'warning' },
  { value: 'pending', label: '待发送', tag: 'info' }, { value: 'claimed', label: '已领取', tag: 'info' },
  { value: 'sending', label: '发送中', tag: 'primary' }, { value: 'sent', label: '已送达', tag: 'success' },
  { value: 'refused', label: '用户无订阅次数', tag: 'warning' }, { value: 'no_credit', label: '订阅次数不足', tag: 'warning' },
]

export const CHANNELS: Record<string, string> = { mp_subscribe: '小程序订阅消息', oa_template: '公众号模板消息' }

/** The colour of a scheduled job's last outcome. */
export function outcomeTag(outcome?: string | null): 'success' | 'danger' | 'warning' | 'info' | 'primary' {
  switch (outcome) {
    case 'succeeded': return 'success'
    case 'failed': return 'danger'
    case 'retrying': return 'warning'
    case 'running': return 'primary'
    default: return 'info'
  }
}
