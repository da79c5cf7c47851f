// Photos for a form (proofs, certification photos, report pictures): wx.chooseMedia, then each image
// uploaded to POST /uploads; the form gets the upload ids through the `change` event
// (detail: {ids, images}). `value` takes already attached uploads [{id, url}] when editing.
const uploads = require('../../api/uploads')

Component({
  properties: {
    max: { type: Number, value: 9 },
    value: { type: Array, value: [] },
    disabled: { type: Boolean, value: false },
  },
  data: { images: [], uploading: false, error: '' },
  observers: {
    value(list) {
      this.setData({ images: (list || []).map((u) => ({ id: u.id, url: u.url })) })
    },
  },
  methods: {
    onChoose() {
      if (this.data.uploading) return
      const room = this.data.max - this.data.images.length
      if (room <= 0) return
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        sizeType: ['compressed'],
        success: (res) => this.uploadAll((res.tempFiles || []).map((f) => f.tempFilePath)),
      })
    },
    async uploadAll(paths) {
      this.setData({ uploading: true, error: '' })
      const added = []
      let failure = ''
      // One at a time: a phone on a weak network does better than with nine parallel uploads, and the
      // server's per-user upload limit is not hit by one tap.
      for (const path of paths) {
        try {
          const up = await uploads.create(path)
          added.push({ id: up.id, url: up.url })
        } catch (err) {
          failure = err.message || '图片上传失败'
        }
      }
      const images = this.data.images.concat(added).slice(0, this.data.max)
      this.setData({ images, uploading: false, error: failure })
      this.emit(images)
    },
    onRemove(e) {
      const images = this.data.images.slice()
      images.splice(e.currentTarget.dataset.index, 1)
      this.setData({ images })
      this.emit(images)
    },
    onPreview(e) {
      const urls = this.data.images.map((i) => i.url)
      wx.previewImage({ urls, current: urls[e.currentTarget.dataset.index] })
    },
    emit(images) {
      this.triggerEvent('change', { ids: images.map((i) => i.id), images })
    },
  },
})
