import type { ConsoleRoute } from './meta'

// The association's public showcase: 专业志愿者 / 志愿者团队 / 服务基地, and 季度之星.
export const showcaseRoutes: ConsoleRoute[] = [
  { path: '/showcase/entries', component: () => import('../views/showcase/EntriesView.vue'),
    meta: { title: '展示管理', group: '市志愿者协会', kinds: ['association'] } },
  { path: '/showcase/stars', component: () => import('../views/showcase/StarsView.vue'),
    meta: { title: '季度之星', group: '市志愿者协会', kinds: ['association'] } },
]
