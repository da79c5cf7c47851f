import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// One project, two pages: the staff console (console/index.html → /console/) and the public website
// (site/index.html → /site/). Flask serves dist/ (app/api/web_pages.py); hashed assets live under /ui/assets/.
export default defineConfig({
  base: '/ui/',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
        site: fileURLToPath(new URL('./site/index.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5000' } },
  test: { environment: 'happy-dom', include: ['tests/unit/**/*.test.ts'] },
})
