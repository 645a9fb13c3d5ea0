from lanhdao.cli import main

main()
