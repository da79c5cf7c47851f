// The foot of every list: loading, empty, error with a retry, or "no more". Bind it to the fields of
// utils/paging.js's listBehavior: <list-state loading="{{listLoading}}" error="{{listError}}"
// loaded="{{listLoaded}}" finished="{{listFinished}}" count="{{items.length}}" bind:retry="onListRetry" />
Component({
  properties: {
    loading: { type: Boolean, value: false },
    error: { type: String, value: '' },
    loaded: { type: Boolean, value: false },
    finished: { type: Boolean, value: false },
    count: { type: Number, value: 0 },
    emptyText: { type: String, value: '暂无数据' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry')
    },
  },
})
