print("kabinet")
