import ExpCLI

await ExpMain.run()
