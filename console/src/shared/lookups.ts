// Catalogues (服务项目, 服务类型, …) and regions for pickers, loaded once per page.
import { ref, type Ref } from 'vue'
import { api, unwrap, type Schemas } from '@/api/client'

export type CatalogueKind = 'service_item' | 'service_type' | 'beneficiary_category' | 'political_status'
  | 'self_care_level' | 'living_status' | 'activity_category' | 'activity_type'
type Entry = Schemas['CatalogueEntry']
type Region = Schemas['Region']

const catalogues = new Map<string, Ref<Entry[]>>()
const regionLists = new Map<string, Ref<Region[]>>()

export function useCatalogue(kind: CatalogueKind): Ref<Entry[]> {
  let entries = catalogues.get(kind)
  if (!entries) {
    const list = ref<Entry[]>([])
    entries = list
    catalogues.set(kind, list)
    unwrap(api.GET('/api/v1/catalogues/{kind}', { params: { path: { kind } } }))
      .then((answer) => { list.value = answer as Entry[] })
      .catch(() => catalogues.delete(kind))
  }
  return entries
}

/** Regions of a level (street, community, …) or the children of a region. */
export function useRegions(query: { level?: 'city' | 'district' | 'street' | 'community'; parent_code?: string }): Ref<Region[]> {
  const key = JSON.stringify(query)
  let regions = regionLists.get(key)
  if (!regions) {
    const list = ref<Region[]>([])
    regions = list
    regionLists.set(key, list)
    unwrap(api.GET('/api/v1/regions', { params: { query } }))
      .then((answer) => { list.value = answer })
      .catch(() => regionLists.delete(key))
  }
  return regions
}

export const ORDER_STATUSES: Array<{ value: string; label: string }> = [
  { value: 'pending', label: '待审核' }, { value: 'first_approved', label: '初审已通过' },
  { value: 'rejected', label: '审核不通过' }, { value: 'final_rejected', label: '二审不通过' },
  { value: 'open', label: '待接单' }, { value: 'in_progress', label: '进行中' },
  { value: 'to_evaluate', label: '待评价' }, { value: 'completed', label: '已完成' },
  { value: 'cancelled', label: '已取消' }, { value: 'expired', label: '已过期' }, { value: 'aborted', label: '已中止' },
]
