const { renderPage, text, tap } = require('../../helpers')
const { envelope } = require('../../wx')
const { answers, helpDetail, publicHelp, assignment } = require('../../fixtures/vol2b')

const server = () => global.wx.__server
const PAGE = 'packages/volunteer/help/index'
const DETAIL = 'GET /help-requests/{request_id}'
const RESULT = 'POST /help-requests/{request_id}/result'

describe('packages/volunteer/help (求助详情)', () => {
  test('an assigned volunteer sees the content, the contact in clear with a call button, and the result form', async () => {
    server().on(DETAIL, answers[DETAIL])
    const page = await renderPage(PAGE, { id: '401' })
    expect(server().last(DETAIL).params).toEqual({ request_id: '401' })
    const shown = text(page)
    expect(shown).toContain('帮忙更换门锁')
    expect(shown).toContain('已安排')
    expect(shown).toContain('老人行动不便')
    expect(shown).toContain('李阿姨')
    expect(shown).toContain('13900000002')
    expect(shown).toContain('2026-12-20 10:00')
    expect(shown).toContain('陈晓明')
    expect(shown).toContain('反馈服务结果')
    await tap(page, '#call', 'click')
    expect(global.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13900000002' })
  })

  test('the public view of a closed request shows the summary and how it was handled, no contact, no form', async () => {
    server().on(DETAIL, publicHelp)
    const page = await renderPage(PAGE, { id: '402' })
    const shown = text(page)
    expect(shown).toContain('陪同就医')
    expect(shown).toContain('需要志愿者陪同去医院复诊。')
    expect(shown).toContain('办理情况')
    expect(shown).toContain('志愿者已陪同完成复诊。')
    expect(shown).toContain('已办结')
    expect(shown).not.toContain('联系方式')
    expect(page.querySelector('#call')).toBeFalsy()
    expect(page.querySelector('#submit-result')).toBeFalsy()
  })

  test('a masked phone gets no call button; the requester gets no result form', async () => {
    server().on(DETAIL, helpDetail({ viewpoint: 'requester', contact_phone: '139****0002', assignments: [assignment()] }))
    const page = await renderPage(PAGE, { id: '401' })
    expect(text(page)).toContain('139****0002')
    expect(page.querySelector('#call')).toBeFalsy()
    expect(page.querySelector('#submit-result')).toBeFalsy()
  })

  test('a closed request shows credited hours, results and the closing summary', async () => {
    server().on(DETAIL, helpDetail({
      status: 'closed', status_label: '已办结', close_summary: '门锁已更换，感谢志愿者。', closed_at: '2026-12-07T02:00:00+00:00',
      assignments: [assignment({ result: '已更换', reported_at: '2026-12-06T06:00:00+00:00', credited_hours: 2 })],
    }))
    const page = await renderPage(PAGE, { id: '401' })
    const shown = text(page)
    expect(shown).toContain('记入 2 小时')
    expect(shown).toContain('服务结果：已更换')
    expect(shown).toContain('门锁已更换，感谢志愿者。')
    expect(shown).toContain('办结于 2026-12-07 10:00')
    expect(page.querySelector('#submit-result')).toBeFalsy()
  })

  test('404 shows a clear error; retry loads again', async () => {
    server().on(DETAIL, { status: 404, body: envelope(404, 'help_request_not_found', '求助不存在或已被删除') })
    const page = await renderPage(PAGE, { id: '9' })
    expect(text(page)).toContain('求助不存在或已被删除')
    server().on(DETAIL, answers[DETAIL])
    await tap(page, '#retry', 'click')
    expect(text(page)).toContain('帮忙更换门锁')
  })

  test('403 shows the message', async () => {
    server().on(DETAIL, { status: 403, body: envelope(403, 'forbidden', '没有权限查看该求助') })
    const page = await renderPage(PAGE, { id: '9' })
    expect(text(page)).toContain('没有权限查看该求助')
    expect(page.querySelector('#retry')).toBeTruthy()
  })

  test('an empty result is refused in place', async () => {
    server().on(DETAIL, answers[DETAIL])
    const page = await renderPage(PAGE, { id: '401' })
    await tap(page, '#submit-result', 'click')
    expect(text(page)).toContain('请填写服务结果')
    expect(server().callsTo(RESULT)).toEqual([])
  })

  test('reporting the result posts it, toasts and reloads', async () => {
    server().on(DETAIL, answers[DETAIL])
    server().on(RESULT, answers[RESULT])
    const page = await renderPage(PAGE, { id: '401' })
    page.instance.onResult({ detail: ' 已上门更换门锁 ' })
    server().on(DETAIL, answers[RESULT])
    await tap(page, '#submit-result', 'click')
    expect(server().last(RESULT).params).toEqual({ request_id: '401' })
    expect(server().last(RESULT).data).toEqual({ result: '已上门更换门锁' })
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已反馈' }))
    expect(server().callsTo(DETAIL).length).toBe(2)
    expect(text(page)).toContain('服务结果：已上门更换门锁')
    // The form now holds what was reported, ready to be corrected.
    expect(page.data.result).toBe('已上门更换门锁')
    expect(text(page)).toContain('修改反馈')
  })

  test('the form starts from my earlier result, never from another volunteer\'s', async () => {
    server().on(DETAIL, helpDetail({
      assignments: [
        assignment({ volunteer_id: 8, name: '李佳怡', result: '已联系老人', reported_at: '2026-12-06T04:00:00+00:00' }),
        assignment({ mine: true, result: '门锁已买好，明天上门', reported_at: '2026-12-06T05:00:00+00:00' }),
      ],
    }))
    const page = await renderPage(PAGE, { id: '401' })
    expect(page.data.result).toBe('门锁已买好，明天上门')
    expect(text(page)).toContain('陈晓明（我）')
    expect(text(page)).not.toContain('李佳怡（我）')
    expect(text(page)).toContain('修改反馈')
    server().on(RESULT, answers[RESULT])
    server().on(DETAIL, answers[RESULT])
    await tap(page, '#submit-result', 'click')
    expect(server().last(RESULT).data).toEqual({ result: '门锁已买好，明天上门' })
  })

  test('a volunteer who has not reported yet starts from an empty form', async () => {
    server().on(DETAIL, helpDetail({
      assignments: [assignment({ volunteer_id: 8, name: '李佳怡', result: '已联系老人' }), assignment({ mine: true })],
    }))
    const page = await renderPage(PAGE, { id: '401' })
    expect(page.data.result).toBe('')
    expect(text(page)).toContain('提交反馈')
  })

  test('422 shows the field error in place', async () => {
    server().on(DETAIL, answers[DETAIL])
    server().on(RESULT, { status: 422, body: envelope(422, 'validation_error', '提交的内容有误', { result: ['服务结果不能超过 2000 个字'] }) })
    const page = await renderPage(PAGE, { id: '401' })
    page.instance.onResult({ detail: '很长' })
    await tap(page, '#submit-result', 'click')
    expect(text(page)).toContain('服务结果不能超过 2000 个字')
    expect(page.data.busy).toBe(false)
  })

  test('409 (closed meanwhile) shows the message and reloads the request', async () => {
    server().on(DETAIL, answers[DETAIL])
    server().on(RESULT, { status: 409, body: envelope(409, 'invalid_transition', '求助已办结') })
    const page = await renderPage(PAGE, { id: '401' })
    page.instance.onResult({ detail: '完成' })
    server().on(DETAIL, helpDetail({ status: 'closed', status_label: '已办结' }))
    await tap(page, '#submit-result', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '求助已办结' }))
    expect(server().callsTo(DETAIL).length).toBe(2)
    expect(page.querySelector('#submit-result')).toBeFalsy()
  })

  test('403 on the result shows the message', async () => {
    server().on(DETAIL, answers[DETAIL])
    server().on(RESULT, { status: 403, body: envelope(403, 'forbidden', '没有权限') })
    const page = await renderPage(PAGE, { id: '401' })
    page.instance.onResult({ detail: '完成' })
    await tap(page, '#submit-result', 'click')
    expect(global.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限' }))
    expect(server().callsTo(DETAIL).length).toBe(1)
  })
})
