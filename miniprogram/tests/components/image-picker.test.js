const { renderComponent, tap, flush } = require('../helpers')
const { answers } = require('../fixtures/common')
const { envelope } = require('../wx')

const server = () => global.wx.__server

describe('components/image-picker', () => {
  test('chooses photos, uploads each, and reports the upload ids', async () => {
    let n = 600
    server().on('POST /uploads', () => ({ status: 201, body: Object.assign({}, answers['POST /uploads'], { id: ++n }) }))
    global.wx.chooseMedia = jest.fn((opts) => opts.success({ tempFiles: [{ tempFilePath: 'a.jpg' }, { tempFilePath: 'b.jpg' }] }))
    const c = await renderComponent('components/image-picker/index', { max: 3 })
    const changes = []
    c.instance.triggerEvent = (name, detail) => changes.push([name, detail.ids])
    await tap(c, '.image-picker__add')
    await flush()
    expect(global.wx.chooseMedia.mock.calls[0][0]).toMatchObject({ count: 3, mediaType: ['image'] })
    expect(global.wx.uploadFile.mock.calls.map((call) => call[0].filePath)).toEqual(['a.jpg', 'b.jpg'])
    expect(changes).toEqual([['change', [601, 602]]])
    expect(c.querySelectorAll('.image-picker__thumb')).toHaveLength(2)
    // one more allowed: the picker offers only the room left
    await tap(c, '.image-picker__add')
    expect(global.wx.chooseMedia.mock.calls[1][0].count).toBe(1)
  })

  test('a refused upload is reported in place and the others are kept', async () => {
    let calls = 0
    server().on('POST /uploads', () => (++calls === 1
      ? { status: 422, body: envelope(422, 'unsupported_image', '只支持 gif、bmp、jpeg、jpg、png 格式的图片') }
      : { status: 201, body: answers['POST /uploads'] }))
    global.wx.chooseMedia = jest.fn((opts) => opts.success({ tempFiles: [{ tempFilePath: 'a.heic' }, { tempFilePath: 'b.jpg' }] }))
    const c = await renderComponent('components/image-picker/index', {})
    await tap(c, '.image-picker__add')
    await flush()
    expect(c.data.images.map((i) => i.id)).toEqual([501])
    expect(c.data.error).toBe('只支持 gif、bmp、jpeg、jpg、png 格式的图片')
  })

  test('shows attached photos, removes one, previews', async () => {
    const c = await renderComponent('components/image-picker/index', { value: [{ id: 1, url: 'u1' }, { id: 2, url: 'u2' }] })
    const changes = []
    c.instance.triggerEvent = (name, detail) => changes.push(detail.ids)
    await tap(c, '.image-picker__thumb', 'tap')
    expect(global.wx.previewImage).toHaveBeenCalledWith({ urls: ['u1', 'u2'], current: 'u1' })
    c.instance.onRemove({ currentTarget: { dataset: { index: 0 } } })
    expect(changes).toEqual([[2]])
  })

  test('disabled: no add tile, no remove', async () => {
    const c = await renderComponent('components/image-picker/index', { disabled: true, value: [{ id: 1, url: 'u1' }] })
    expect(c.querySelector('.image-picker__add')).toBeFalsy()
    expect(c.querySelector('.image-picker__remove')).toBeFalsy()
  })
})
