"""The wechatpy adapter ONLY: plain values in, plain values out; knows nothing of our models."""
