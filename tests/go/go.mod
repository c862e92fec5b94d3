module crossrun.test/gocheck

go 1.19
