import type { ConsoleRoute } from './meta'

// 社区办公室 (community, and the district and city offices, which are community organisations of a
// larger region): seed 004's community administration.
const kinds = ['community'] as const
// The API also lets the city's association read the statistics and the roster of its region (policy
// community.view_stats / view_volunteers), as seed 004's 市级管理员 does.
const readers = ['community', 'association'] as const
const group = '社区志愿服务'

export const communityRoutes: ConsoleRoute[] = [
  { path: '/community/applications', name: 'community-applications',
    component: () => import('../views/community/ApplicationsView.vue'),
    meta: { title: '申请审核', group, kinds: [...kinds] } },
  { path: '/community/activities', name: 'community-activities',
    component: () => import('../views/community/ActivitiesView.vue'),
    meta: { title: '活动', group, kinds: [...kinds] } },
  { path: '/community/activities/:id/attendance', name: 'community-attendance', props: true,
    component: () => import('../views/community/AttendanceView.vue'),
    meta: { title: '活动确认与反馈', group, kinds: [...kinds], menu: false } },
  { path: '/community/reports', name: 'community-reports',
    component: () => import('../views/community/ReportsView.vue'),
    meta: { title: '志愿者上报', group, kinds: [...kinds] } },
  { path: '/community/help-requests', name: 'community-help-requests',
    component: () => import('../views/community/HelpRequestsView.vue'),
    meta: { title: '公众求助', group, kinds: [...kinds] } },
  { path: '/community/statistics', name: 'community-statistics',
    component: () => import('../views/community/StatisticsView.vue'),
    meta: { title: '统计', group, kinds: [...readers] } },
  { path: '/community/volunteers', name: 'community-volunteers',
    component: () => import('../views/community/RosterView.vue'),
    meta: { title: '志愿者名册', group, kinds: [...readers] } },
]
