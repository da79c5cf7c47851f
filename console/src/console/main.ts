import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import { createApp } from 'vue'
import '@/shared/base.css'
import '@/shared/fontScale'
import { onSessionLost } from '@/api/token'
import App from './App.vue'
import { router } from './router'

onSessionLost(() => {
  if (router.currentRoute.value.name !== 'login') router.push({ name: 'login' })
})

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
