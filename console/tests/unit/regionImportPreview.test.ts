import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import RegionImportPreview from '@/console/views/admin/RegionImportPreview.vue'
import type { RegionImport } from '@/console/views/admin/regionFile'

function preview(overrides: Partial<RegionImport> = {}): RegionImport {
  return {
    valid: true, committed: false, city_code: '320300', city_name: '徐州市', rows: 3,
    summary: '新增 2 个，停用 1 个', errors: [],
    created: [
      { code: '320302', name: '鼓楼区', level: 'district', parent_code: '320300', old_name: null },
      { code: '320303', name: '云龙区', level: 'district', parent_code: '320300', old_name: null },
    ],
    renamed: [], reactivated: [],
    deactivated: [{ code: '320399', name: '旧区', level: 'district', parent_code: '320300', old_name: null }],
    unchanged: 1,
    ...overrides,
  }
}

const mountPreview = (p: RegionImport) => mount(RegionImportPreview, { props: { preview: p }, global: { plugins: [ElementPlus] } })

describe('RegionImportPreview', () => {
  it('a valid file: the city, the counts, and 确认导入 enabled, which asks the screen to commit', async () => {
    const w = mountPreview(preview())
    expect(w.get('[data-test="preview-city"]').text()).toBe('徐州市')
    expect(w.get('[data-test="count-created"]').text()).toBe('新增 2')
    expect(w.get('[data-test="count-deactivated"]').text()).toBe('停用 1')
    expect(w.get('[data-test="count-unchanged"]').text()).toBe('不变 1')
    expect(w.find('[data-test="errors"]').exists()).toBe(false)
    const commit = w.get<HTMLButtonElement>('[data-test="commit"]')
    expect(commit.element.disabled).toBe(false)
    await commit.trigger('click')
    expect(w.emitted('commit')).toHaveLength(1)
  })

  it('a file with errors: each row error listed by line, and 确认导入 disabled', async () => {
    const w = mountPreview(preview({
      valid: false, summary: '文件有 2 处错误', created: [], deactivated: [],
      errors: [
        { line: 4, code: '320302001', message: '上级区域 999999 不存在' },
        { line: null, code: '', message: '文件中没有市级区域' },
      ],
    }))
    await flushPromises() // el-table lays its columns out after mounting
    const rows = w.findAll('[data-test="errors"] .el-table__body tr')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['4', '320302001', '上级区域 999999 不存在'],
      ['—', '—', '文件中没有市级区域'],
    ])
    const commit = w.get<HTMLButtonElement>('[data-test="commit"]')
    expect(commit.element.disabled).toBe(true)
    await commit.trigger('click')
    expect(w.emitted('commit')).toBeUndefined()
  })
})
