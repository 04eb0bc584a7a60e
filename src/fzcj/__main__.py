from fzcj.cli import main

main()
