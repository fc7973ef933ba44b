from unheard.config.manage import main

main()
