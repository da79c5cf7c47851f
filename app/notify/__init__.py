"""Notifications: publish an event inside the business transaction; the outbox delivers it through every
channel its recipients can receive (mini-program subscribe message, official-account template message)
and the in-app inbox always has it."""
