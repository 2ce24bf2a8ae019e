print("obc")
