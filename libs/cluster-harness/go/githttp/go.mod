module focom/build/githttp

go 1.24.0
