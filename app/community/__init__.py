"""Community volunteering (徐州党员志愿者服务平台): joining a community, volunteer reports, public help
requests, statistics and the showcase. Activities and attendance are shared (app.activities)."""
