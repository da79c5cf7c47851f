import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { Schemas } from '@/api/client'
import ImportPreviewTable from '@/console/views/admin/ImportPreviewTable.vue'

function preview(rows: Schemas['PreviewRow'][]): Schemas['Preview'] {
  const bad = rows.filter((r) => r.errors?.length).length
  return { token: 'a'.repeat(64), filename: '团组织.xlsx', total_rows: rows.length, error_rows: bad, can_commit: bad === 0,
    expires_in_seconds: 3600, rows }
}

const good = { line: 2, name: '共青团某某街道工作委员会', username: 'league-ok', region_code: '440106001', region_name: '五山街道',
  contact_name: '张三', contact_phone: '138****0000', errors: [] }
const bad = { line: 3, name: '共青团错误区委', username: 'league-bad', region_code: '999999', region_name: null,
  contact_name: '', contact_phone: null, errors: ['所属区域代码不存在', '账号已被使用'] }

function mountWith(p: Schemas['Preview']) {
  return mount(ImportPreviewTable, { props: { preview: p }, global: { plugins: [ElementPlus] } })
}

/** el-table lays its columns out after mounting: let it finish before reading the cells. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises()
    await nextTick()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

describe('ImportPreviewTable', () => {
  it('highlights the rows with errors and lists each error next to its row', async () => {
    const wrapper = mountWith(preview([good, bad]))
    await settle()
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].classes()).not.toContain('row-invalid')
    expect(rows[0].text()).toContain('可导入')
    expect(rows[1].classes()).toContain('row-invalid')
    expect(rows[1].text()).toContain('3')
    expect(rows[1].text()).toContain('league-bad')
    expect(rows[1].findAll('[data-test="row-errors"] li').map((li) => li.text())).toEqual(['所属区域代码不存在', '账号已被使用'])
    expect(wrapper.get('[data-test="error-rows"]').text()).toBe('1')
  })

  it('disables 确认导入 when the file cannot be committed and never emits commit', async () => {
    const wrapper = mountWith(preview([good, bad]))
    const commit = wrapper.get('[data-test="commit"]')
    expect(commit.attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-test="cannot-commit"]').exists()).toBe(true)
    await commit.trigger('click')
    expect(wrapper.emitted('commit')).toBeUndefined()
  })

  it('enables 确认导入 when every row passed and emits commit on click', async () => {
    const wrapper = mountWith(preview([good]))
    const commit = wrapper.get('[data-test="commit"]')
    expect(commit.attributes('disabled')).toBeUndefined()
    expect(wrapper.find('[data-test="cannot-commit"]').exists()).toBe(false)
    await commit.trigger('click')
    expect(wrapper.emitted('commit')).toHaveLength(1)
  })

  it('can show only the rows with errors', async () => {
    const wrapper = mountWith(preview([good, bad]))
    await settle()
    await wrapper.get('.el-checkbox input').setValue(true)
    await settle()
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('league-bad')
  })
})
