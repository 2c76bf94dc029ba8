package main

import (
	_ "github.com/duckdb/duckdb-go/v2"
	_ "github.com/xuri/excelize/v2"
	_ "github.com/go-echarts/go-echarts/v2/charts"
	_ "golang.org/x/text/encoding/simplifiedchinese"
	_ "github.com/6tail/lunar-go/HolidayUtil"
	_ "gopkg.in/yaml.v3"
)

func main() {}
