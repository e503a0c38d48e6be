import PomoCLI

await PomoCommand.runMain()
