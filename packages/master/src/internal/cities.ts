/**
 * A dictionary of real US cities written for this project: city, state, a real ZIP code of the
 * city, approximate centre latitude/longitude, approximate population in thousands (the metro
 * weight used for sampling), the metro area the chain groups it under (the District) and the
 * area code used for fictional phone numbers. Parsed once at module load.
 */
import { Hash } from "@retail-datagen/core"

/** `City|ST|ZIP|lat|lon|populationK|Metro|AreaCode`, one city per line. */
const RAW = `
New York|NY|10001|40.7128|-74.0060|8300|New York|212
Yonkers|NY|10701|40.9312|-73.8988|211|New York|914
White Plains|NY|10601|41.0340|-73.7629|59|New York|914
Buffalo|NY|14202|42.8864|-78.8784|278|Buffalo|716
Rochester|NY|14604|43.1566|-77.6088|211|Rochester|585
Syracuse|NY|13202|43.0481|-76.1474|148|Syracuse|315
Albany|NY|12207|42.6526|-73.7562|99|Albany|518
Newark|NJ|07102|40.7357|-74.1724|311|New York|973
Jersey City|NJ|07302|40.7178|-74.0431|292|New York|201
Paterson|NJ|07505|40.9168|-74.1718|159|New York|973
Edison|NJ|08817|40.5187|-74.4121|107|New York|732
Trenton|NJ|08608|40.2206|-74.7597|90|Trenton|609
Camden|NJ|08102|39.9259|-75.1196|71|Philadelphia|856
Philadelphia|PA|19103|39.9526|-75.1652|1580|Philadelphia|215
Pittsburgh|PA|15222|40.4406|-79.9959|303|Pittsburgh|412
Allentown|PA|18101|40.6023|-75.4714|125|Lehigh Valley|610
Erie|PA|16501|42.1292|-80.0851|94|Erie|814
Harrisburg|PA|17101|40.2732|-76.8867|50|Harrisburg|717
Scranton|PA|18503|41.4090|-75.6624|76|Scranton|570
Lancaster|PA|17602|40.0379|-76.3055|58|Lancaster|717
Boston|MA|02108|42.3601|-71.0589|650|Boston|617
Cambridge|MA|02139|42.3736|-71.1097|118|Boston|617
Lowell|MA|01852|42.6334|-71.3162|115|Boston|978
Worcester|MA|01608|42.2626|-71.8023|206|Worcester|508
Springfield|MA|01103|42.1015|-72.5898|155|Springfield MA|413
Providence|RI|02903|41.8240|-71.4128|190|Providence|401
Warwick|RI|02886|41.7001|-71.4162|82|Providence|401
Hartford|CT|06103|41.7658|-72.6734|121|Hartford|860
New Haven|CT|06510|41.3083|-72.9279|135|New Haven|203
Bridgeport|CT|06604|41.1865|-73.1952|148|Bridgeport|203
Stamford|CT|06901|41.0534|-73.5387|135|New York|203
Manchester|NH|03101|42.9956|-71.4548|115|Manchester|603
Nashua|NH|03060|42.7654|-71.4676|91|Manchester|603
Portland|ME|04101|43.6591|-70.2568|68|Portland ME|207
Bangor|ME|04401|44.8012|-68.7778|32|Bangor|207
Burlington|VT|05401|44.4759|-73.2121|45|Burlington|802
Wilmington|DE|19801|39.7391|-75.5398|71|Philadelphia|302
Dover|DE|19901|39.1582|-75.5244|39|Dover|302
Baltimore|MD|21202|39.2904|-76.6122|585|Baltimore|410
Annapolis|MD|21401|38.9784|-76.4922|40|Baltimore|410
Frederick|MD|21701|39.4143|-77.4105|78|Washington|301
Rockville|MD|20850|39.0840|-77.1528|68|Washington|301
Washington|DC|20001|38.9072|-77.0369|690|Washington|202
Arlington|VA|22201|38.8816|-77.0910|238|Washington|703
Alexandria|VA|22314|38.8048|-77.0469|155|Washington|703
Richmond|VA|23219|37.5407|-77.4360|226|Richmond|804
Virginia Beach|VA|23451|36.8529|-75.9780|459|Hampton Roads|757
Norfolk|VA|23510|36.8508|-76.2859|238|Hampton Roads|757
Chesapeake|VA|23320|36.7682|-76.2875|249|Hampton Roads|757
Newport News|VA|23607|37.0871|-76.4730|186|Hampton Roads|757
Roanoke|VA|24011|37.2710|-79.9414|100|Roanoke|540
Lynchburg|VA|24504|37.4138|-79.1422|79|Lynchburg|434
Charleston|WV|25301|38.3498|-81.6326|48|Charleston WV|304
Huntington|WV|25701|38.4192|-82.4452|46|Huntington|304
Morgantown|WV|26505|39.6295|-79.9559|30|Morgantown|304
Charlotte|NC|28202|35.2271|-80.8431|875|Charlotte|704
Raleigh|NC|27601|35.7796|-78.6382|470|Raleigh-Durham|919
Durham|NC|27701|35.9940|-78.8986|285|Raleigh-Durham|919
Cary|NC|27511|35.7915|-78.7811|175|Raleigh-Durham|919
Greensboro|NC|27401|36.0726|-79.7920|299|Piedmont Triad|336
Winston-Salem|NC|27101|36.0999|-80.2442|249|Piedmont Triad|336
Fayetteville|NC|28301|35.0527|-78.8784|208|Fayetteville NC|910
Wilmington|NC|28401|34.2257|-77.9447|115|Wilmington NC|910
Asheville|NC|28801|35.5951|-82.5515|94|Asheville|828
Charleston|SC|29401|32.7765|-79.9311|150|Charleston SC|843
Columbia|SC|29201|34.0007|-81.0348|137|Columbia SC|803
Greenville|SC|29601|34.8526|-82.3940|70|Greenville SC|864
Myrtle Beach|SC|29577|33.6891|-78.8867|35|Myrtle Beach|843
Atlanta|GA|30303|33.7490|-84.3880|500|Atlanta|404
Marietta|GA|30060|33.9526|-84.5499|61|Atlanta|770
Savannah|GA|31401|32.0809|-81.0912|147|Savannah|912
Augusta|GA|30901|33.4735|-82.0105|202|Augusta|706
Columbus|GA|31901|32.4610|-84.9877|206|Columbus GA|706
Macon|GA|31201|32.8407|-83.6324|157|Macon|478
Athens|GA|30601|33.9519|-83.3576|127|Athens GA|706
Jacksonville|FL|32202|30.3322|-81.6557|950|Jacksonville|904
Miami|FL|33130|25.7617|-80.1918|450|Miami|305
Hialeah|FL|33010|25.8576|-80.2781|223|Miami|305
Fort Lauderdale|FL|33301|26.1224|-80.1373|183|Miami|954
Pembroke Pines|FL|33024|26.0078|-80.2963|171|Miami|954
West Palm Beach|FL|33401|26.7153|-80.0534|117|Miami|561
Tampa|FL|33602|27.9506|-82.4572|395|Tampa Bay|813
St. Petersburg|FL|33701|27.7676|-82.6403|260|Tampa Bay|727
Orlando|FL|32801|28.5383|-81.3792|310|Orlando|407
Tallahassee|FL|32301|30.4383|-84.2807|196|Tallahassee|850
Port St. Lucie|FL|34952|27.2730|-80.3582|205|Port St. Lucie|772
Cape Coral|FL|33904|26.5629|-81.9495|195|Cape Coral|239
Naples|FL|34102|26.1420|-81.7948|19|Cape Coral|239
Gainesville|FL|32601|29.6516|-82.3248|141|Gainesville FL|352
Ocala|FL|34471|29.1872|-82.1401|64|Ocala|352
Pensacola|FL|32502|30.4213|-87.2169|54|Pensacola|850
Lakeland|FL|33801|28.0395|-81.9498|112|Lakeland|863
Sarasota|FL|34236|27.3364|-82.5307|57|Sarasota|941
Daytona Beach|FL|32114|29.2108|-81.0228|72|Daytona Beach|386
Birmingham|AL|35203|33.5186|-86.8104|200|Birmingham|205
Tuscaloosa|AL|35401|33.2098|-87.5692|100|Tuscaloosa|205
Huntsville|AL|35801|34.7304|-86.5861|216|Huntsville|256
Montgomery|AL|36104|32.3792|-86.3077|200|Montgomery|334
Dothan|AL|36301|31.2232|-85.3905|71|Dothan|334
Mobile|AL|36602|30.6954|-88.0399|187|Mobile|251
Jackson|MS|39201|32.2988|-90.1848|150|Jackson MS|601
Hattiesburg|MS|39401|31.3271|-89.2903|48|Hattiesburg|601
Gulfport|MS|39501|30.3674|-89.0928|72|Gulfport|228
Nashville|TN|37203|36.1627|-86.7816|690|Nashville|615
Murfreesboro|TN|37130|35.8456|-86.3903|153|Nashville|615
Memphis|TN|38103|35.1495|-90.0490|630|Memphis|901
Knoxville|TN|37902|35.9606|-83.9207|192|Knoxville|865
Chattanooga|TN|37402|35.0456|-85.3097|181|Chattanooga|423
Clarksville|TN|37040|36.5298|-87.3595|166|Clarksville|931
Jackson|TN|38301|35.6145|-88.8139|68|Jackson TN|731
Louisville|KY|40202|38.2527|-85.7585|625|Louisville|502
Lexington|KY|40507|38.0406|-84.5037|320|Lexington|859
Bowling Green|KY|42101|36.9685|-86.4808|72|Bowling Green|270
Owensboro|KY|42301|37.7719|-87.1112|60|Owensboro|270
New Orleans|LA|70112|29.9511|-90.0715|384|New Orleans|504
Baton Rouge|LA|70801|30.4515|-91.1871|225|Baton Rouge|225
Shreveport|LA|71101|32.5252|-93.7502|185|Shreveport|318
Lafayette|LA|70501|30.2241|-92.0198|121|Lafayette|337
Lake Charles|LA|70601|30.2266|-93.2174|84|Lake Charles|337
Little Rock|AR|72201|34.7465|-92.2896|203|Little Rock|501
Fayetteville|AR|72701|36.0822|-94.1719|94|Northwest Arkansas|479
Fort Smith|AR|72901|35.3859|-94.3985|89|Fort Smith|479
Jonesboro|AR|72401|35.8423|-90.7043|78|Jonesboro|870
Chicago|IL|60601|41.8781|-87.6298|2700|Chicago|312
Aurora|IL|60505|41.7606|-88.3201|180|Chicago|630
Naperville|IL|60540|41.7508|-88.1535|149|Chicago|630
Joliet|IL|60432|41.5250|-88.0817|150|Chicago|815
Rockford|IL|61101|42.2711|-89.0940|148|Rockford|815
Peoria|IL|61602|40.6936|-89.5890|113|Peoria IL|309
Springfield|IL|62701|39.7817|-89.6501|114|Springfield IL|217
Champaign|IL|61820|40.1164|-88.2434|88|Champaign|217
Detroit|MI|48226|42.3314|-83.0458|640|Detroit|313
Warren|MI|48089|42.5145|-83.0147|139|Detroit|586
Ann Arbor|MI|48104|42.2808|-83.7430|123|Detroit|734
Grand Rapids|MI|49503|42.9634|-85.6681|198|Grand Rapids|616
Lansing|MI|48933|42.7325|-84.5555|112|Lansing|517
Flint|MI|48502|43.0125|-83.6875|81|Flint|810
Kalamazoo|MI|49007|42.2917|-85.5872|73|Kalamazoo|269
Columbus|OH|43215|39.9612|-82.9988|905|Columbus OH|614
Cleveland|OH|44113|41.4993|-81.6944|372|Cleveland|216
Cincinnati|OH|45202|39.1031|-84.5120|309|Cincinnati|513
Toledo|OH|43604|41.6528|-83.5379|270|Toledo|419
Akron|OH|44308|41.0814|-81.5190|190|Akron|330
Canton|OH|44702|40.7989|-81.3784|70|Akron|330
Youngstown|OH|44503|41.0998|-80.6495|60|Youngstown|330
Dayton|OH|45402|39.7589|-84.1916|137|Dayton|937
Indianapolis|IN|46204|39.7684|-86.1581|880|Indianapolis|317
Carmel|IN|46032|39.9784|-86.1180|99|Indianapolis|317
Fort Wayne|IN|46802|41.0793|-85.1394|265|Fort Wayne|260
Evansville|IN|47708|37.9716|-87.5711|117|Evansville|812
Bloomington|IN|47401|39.1653|-86.5264|79|Bloomington IN|812
South Bend|IN|46601|41.6764|-86.2520|103|South Bend|574
Milwaukee|WI|53202|43.0389|-87.9065|577|Milwaukee|414
Kenosha|WI|53140|42.5847|-87.8212|99|Milwaukee|262
Madison|WI|53703|43.0731|-89.4012|269|Madison|608
Green Bay|WI|54301|44.5133|-88.0133|107|Green Bay|920
Appleton|WI|54911|44.2619|-88.4154|75|Appleton|920
Minneapolis|MN|55401|44.9778|-93.2650|425|Minneapolis-St. Paul|612
Saint Paul|MN|55102|44.9537|-93.0900|311|Minneapolis-St. Paul|651
Bloomington|MN|55420|44.8408|-93.2983|89|Minneapolis-St. Paul|952
Rochester|MN|55902|44.0121|-92.4802|121|Rochester MN|507
Duluth|MN|55802|46.7867|-92.1005|87|Duluth|218
Des Moines|IA|50309|41.5868|-93.6250|214|Des Moines|515
Cedar Rapids|IA|52401|41.9779|-91.6656|137|Cedar Rapids|319
Iowa City|IA|52240|41.6611|-91.5302|75|Iowa City|319
Davenport|IA|52801|41.5236|-90.5776|101|Quad Cities|563
Sioux City|IA|51101|42.4963|-96.4049|85|Sioux City|712
Kansas City|MO|64105|39.0997|-94.5786|510|Kansas City|816
Independence|MO|64050|39.0911|-94.4155|123|Kansas City|816
St. Louis|MO|63101|38.6270|-90.1994|300|St. Louis|314
Springfield|MO|65806|37.2090|-93.2923|169|Springfield MO|417
Columbia|MO|65201|38.9517|-92.3341|126|Columbia MO|573
Kansas City|KS|66101|39.1141|-94.6275|155|Kansas City|913
Overland Park|KS|66210|38.9822|-94.6708|197|Kansas City|913
Wichita|KS|67202|37.6872|-97.3301|397|Wichita|316
Topeka|KS|66603|39.0558|-95.6890|126|Topeka|785
Lawrence|KS|66044|38.9717|-95.2353|95|Lawrence|785
Omaha|NE|68102|41.2565|-95.9345|486|Omaha|402
Lincoln|NE|68508|40.8136|-96.7026|292|Lincoln|402
Grand Island|NE|68801|40.9264|-98.3420|53|Grand Island|308
Fargo|ND|58102|46.8772|-96.7898|126|Fargo|701
Bismarck|ND|58501|46.8083|-100.7837|74|Bismarck|701
Grand Forks|ND|58201|47.9253|-97.0329|59|Grand Forks|701
Sioux Falls|SD|57104|43.5446|-96.7311|192|Sioux Falls|605
Rapid City|SD|57701|44.0805|-103.2310|77|Rapid City|605
Houston|TX|77002|29.7604|-95.3698|2300|Houston|713
Pasadena|TX|77506|29.6911|-95.2091|151|Houston|713
Sugar Land|TX|77479|29.6197|-95.6349|111|Houston|281
The Woodlands|TX|77380|30.1658|-95.4613|114|Houston|281
San Antonio|TX|78205|29.4241|-98.4936|1450|San Antonio|210
Dallas|TX|75201|32.7767|-96.7970|1300|Dallas-Fort Worth|214
Fort Worth|TX|76102|32.7555|-97.3308|920|Dallas-Fort Worth|817
Arlington|TX|76010|32.7357|-97.1081|395|Dallas-Fort Worth|817
Plano|TX|75074|33.0198|-96.6989|285|Dallas-Fort Worth|972
Irving|TX|75061|32.8140|-96.9489|256|Dallas-Fort Worth|972
Garland|TX|75040|32.9126|-96.6389|246|Dallas-Fort Worth|972
Frisco|TX|75034|33.1507|-96.8236|200|Dallas-Fort Worth|972
McKinney|TX|75069|33.1972|-96.6398|195|Dallas-Fort Worth|972
Grand Prairie|TX|75050|32.7460|-96.9978|196|Dallas-Fort Worth|972
Austin|TX|78701|30.2672|-97.7431|960|Austin|512
Round Rock|TX|78664|30.5083|-97.6789|120|Austin|512
El Paso|TX|79901|31.7619|-106.4850|680|El Paso|915
Corpus Christi|TX|78401|27.8006|-97.3964|317|Corpus Christi|361
Lubbock|TX|79401|33.5779|-101.8552|260|Lubbock|806
Amarillo|TX|79101|35.2220|-101.8313|200|Amarillo|806
Laredo|TX|78040|27.5306|-99.4803|256|Laredo|956
Brownsville|TX|78520|25.9017|-97.4975|186|Brownsville|956
McAllen|TX|78501|26.2034|-98.2300|143|McAllen|956
Killeen|TX|76541|31.1171|-97.7278|153|Killeen|254
Waco|TX|76701|31.5493|-97.1467|139|Waco|254
Beaumont|TX|77701|30.0802|-94.1266|115|Beaumont|409
Midland|TX|79701|31.9973|-102.0779|132|Midland|432
Odessa|TX|79761|31.8457|-102.3676|114|Midland|432
Abilene|TX|79601|32.4487|-99.7331|125|Abilene|325
Tyler|TX|75702|32.3513|-95.3011|106|Tyler|903
College Station|TX|77840|30.6280|-96.3344|120|College Station|979
Oklahoma City|OK|73102|35.4676|-97.5164|680|Oklahoma City|405
Norman|OK|73069|35.2226|-97.4395|128|Oklahoma City|405
Tulsa|OK|74103|36.1540|-95.9928|413|Tulsa|918
Broken Arrow|OK|74012|36.0526|-95.7908|113|Tulsa|918
Lawton|OK|73501|34.6036|-98.3959|91|Lawton|580
Denver|CO|80202|39.7392|-104.9903|715|Denver|303
Aurora|CO|80012|39.7294|-104.8319|386|Denver|303
Lakewood|CO|80226|39.7047|-105.0814|156|Denver|303
Boulder|CO|80302|40.0150|-105.2705|105|Denver|303
Colorado Springs|CO|80903|38.8339|-104.8214|480|Colorado Springs|719
Pueblo|CO|81003|38.2544|-104.6091|111|Pueblo|719
Fort Collins|CO|80521|40.5853|-105.0844|170|Fort Collins|970
Grand Junction|CO|81501|39.0639|-108.5506|65|Grand Junction|970
Phoenix|AZ|85004|33.4484|-112.0740|1600|Phoenix|602
Mesa|AZ|85201|33.4152|-111.8315|505|Phoenix|480
Chandler|AZ|85225|33.3062|-111.8413|275|Phoenix|480
Gilbert|AZ|85234|33.3528|-111.7890|267|Phoenix|480
Scottsdale|AZ|85251|33.4942|-111.9261|241|Phoenix|480
Tempe|AZ|85281|33.4255|-111.9400|180|Phoenix|480
Glendale|AZ|85301|33.5387|-112.1860|248|Phoenix|623
Peoria|AZ|85345|33.5806|-112.2374|190|Phoenix|623
Tucson|AZ|85701|32.2226|-110.9747|545|Tucson|520
Flagstaff|AZ|86001|35.1983|-111.6513|76|Flagstaff|928
Yuma|AZ|85364|32.6927|-114.6277|95|Yuma|928
Las Vegas|NV|89101|36.1699|-115.1398|645|Las Vegas|702
Henderson|NV|89015|36.0395|-114.9817|320|Las Vegas|702
North Las Vegas|NV|89030|36.1989|-115.1175|262|Las Vegas|702
Reno|NV|89501|39.5296|-119.8138|265|Reno|775
Carson City|NV|89701|39.1638|-119.7674|58|Reno|775
Salt Lake City|UT|84101|40.7608|-111.8910|200|Salt Lake City|801
West Valley City|UT|84119|40.6916|-112.0011|140|Salt Lake City|801
Provo|UT|84601|40.2338|-111.6585|115|Provo|801
Ogden|UT|84401|41.2230|-111.9738|87|Ogden|801
St. George|UT|84770|37.0965|-113.5684|95|St. George|435
Albuquerque|NM|87102|35.0844|-106.6504|560|Albuquerque|505
Rio Rancho|NM|87124|35.2328|-106.6630|104|Albuquerque|505
Santa Fe|NM|87501|35.6870|-105.9378|88|Santa Fe|505
Las Cruces|NM|88001|32.3199|-106.7637|111|Las Cruces|575
Boise|ID|83702|43.6150|-116.2023|235|Boise|208
Meridian|ID|83642|43.6121|-116.3915|117|Boise|208
Nampa|ID|83651|43.5407|-116.5635|100|Boise|208
Idaho Falls|ID|83402|43.4917|-112.0339|64|Idaho Falls|208
Billings|MT|59101|45.7833|-108.5007|117|Billings|406
Missoula|MT|59802|46.8721|-113.9940|74|Missoula|406
Bozeman|MT|59715|45.6770|-111.0429|53|Bozeman|406
Great Falls|MT|59401|47.5053|-111.3008|60|Great Falls|406
Cheyenne|WY|82001|41.1400|-104.8202|65|Cheyenne|307
Casper|WY|82601|42.8666|-106.3131|59|Casper|307
Los Angeles|CA|90012|34.0522|-118.2437|3900|Los Angeles|213
Long Beach|CA|90802|33.7701|-118.1937|460|Los Angeles|562
Glendale|CA|91203|34.1425|-118.2551|196|Los Angeles|818
Pasadena|CA|91101|34.1478|-118.1445|138|Los Angeles|626
Torrance|CA|90503|33.8358|-118.3406|143|Los Angeles|310
Santa Clarita|CA|91355|34.3917|-118.5426|228|Los Angeles|661
Lancaster|CA|93534|34.6868|-118.1542|173|Los Angeles|661
Palmdale|CA|93550|34.5794|-118.1165|169|Los Angeles|661
Anaheim|CA|92805|33.8366|-117.9143|345|Orange County|714
Santa Ana|CA|92701|33.7455|-117.8677|310|Orange County|714
Irvine|CA|92618|33.6846|-117.8265|305|Orange County|949
Huntington Beach|CA|92648|33.6595|-117.9988|198|Orange County|714
Garden Grove|CA|92840|33.7743|-117.9380|171|Orange County|714
Riverside|CA|92501|33.9806|-117.3755|315|Inland Empire|951
Moreno Valley|CA|92553|33.9425|-117.2297|208|Inland Empire|951
San Bernardino|CA|92401|34.1083|-117.2898|222|Inland Empire|909
Fontana|CA|92335|34.0922|-117.4350|210|Inland Empire|909
Rancho Cucamonga|CA|91730|34.1064|-117.5931|175|Inland Empire|909
Ontario|CA|91764|34.0633|-117.6509|175|Inland Empire|909
San Diego|CA|92101|32.7157|-117.1611|1390|San Diego|619
Chula Vista|CA|91910|32.6401|-117.0842|275|San Diego|619
Oceanside|CA|92054|33.1959|-117.3795|174|San Diego|760
San Jose|CA|95113|37.3382|-121.8863|1010|San Jose|408
San Francisco|CA|94102|37.7749|-122.4194|815|San Francisco Bay|415
Oakland|CA|94612|37.8044|-122.2712|435|San Francisco Bay|510
Fremont|CA|94538|37.5485|-121.9886|230|San Francisco Bay|510
Berkeley|CA|94704|37.8715|-122.2730|124|San Francisco Bay|510
San Mateo|CA|94401|37.5630|-122.3255|104|San Francisco Bay|650
Santa Rosa|CA|95404|38.4404|-122.7141|178|Santa Rosa|707
Sacramento|CA|95814|38.5816|-121.4944|525|Sacramento|916
Elk Grove|CA|95624|38.4088|-121.3716|176|Sacramento|916
Stockton|CA|95202|37.9577|-121.2908|320|Stockton|209
Modesto|CA|95354|37.6391|-120.9969|218|Modesto|209
Fresno|CA|93721|36.7378|-119.7871|545|Fresno|559
Visalia|CA|93291|36.3302|-119.2921|141|Visalia|559
Bakersfield|CA|93301|35.3733|-119.0187|405|Bakersfield|661
Salinas|CA|93901|36.6777|-121.6555|163|Salinas|831
Oxnard|CA|93030|34.1975|-119.1771|202|Oxnard|805
Santa Barbara|CA|93101|34.4208|-119.6982|88|Santa Barbara|805
San Luis Obispo|CA|93401|35.2828|-120.6596|47|San Luis Obispo|805
Chico|CA|95928|39.7285|-121.8375|101|Chico|530
Redding|CA|96001|40.5865|-122.3917|93|Redding|530
Seattle|WA|98101|47.6062|-122.3321|735|Seattle|206
Bellevue|WA|98004|47.6101|-122.2015|151|Seattle|425
Everett|WA|98201|47.9790|-122.2021|111|Seattle|425
Tacoma|WA|98402|47.2529|-122.4443|219|Seattle|253
Olympia|WA|98501|47.0379|-122.9007|55|Olympia|360
Vancouver|WA|98660|45.6387|-122.6615|190|Portland|360
Spokane|WA|99201|47.6588|-117.4260|228|Spokane|509
Yakima|WA|98901|46.6021|-120.5059|96|Yakima|509
Kennewick|WA|99336|46.2112|-119.1372|84|Tri-Cities|509
Portland|OR|97204|45.5152|-122.6784|650|Portland|503
Gresham|OR|97030|45.4982|-122.4310|114|Portland|503
Salem|OR|97301|44.9429|-123.0351|175|Salem|503
Eugene|OR|97401|44.0521|-123.0868|177|Eugene|541
Bend|OR|97701|44.0582|-121.3153|100|Bend|541
Medford|OR|97501|42.3265|-122.8756|86|Medford|541
Anchorage|AK|99501|61.2181|-149.9003|290|Anchorage|907
Fairbanks|AK|99701|64.8378|-147.7164|32|Fairbanks|907
Juneau|AK|99801|58.3019|-134.4197|32|Juneau|907
Honolulu|HI|96813|21.3069|-157.8583|345|Honolulu|808
Kailua|HI|96734|21.4022|-157.7394|38|Honolulu|808
Hilo|HI|96720|19.7241|-155.0868|44|Hilo|808
`

/** The chain's regions, by state. */
const REGION_STATES: ReadonlyArray<readonly [string, string]> = [
  ["Northeast", "ME NH VT MA RI CT NY NJ PA"],
  ["Mid-Atlantic", "DE MD DC VA WV"],
  ["Southeast", "NC SC GA FL AL MS TN KY"],
  ["South Central", "TX OK LA AR"],
  ["Midwest", "OH MI IN IL WI MN IA MO KS NE ND SD"],
  ["Mountain", "CO AZ NV UT NM ID MT WY"],
  ["Pacific", "CA WA OR AK HI"]
]

/**
 * State sales tax and a typical combined local add-on, in basis points (approximate published
 * rates; the chain's figures, not tax advice).
 */
const STATE_TAX: Readonly<Record<string, readonly [number, number]>> = {
  AL: [400, 525],
  AK: [0, 180],
  AZ: [560, 275],
  AR: [650, 295],
  CA: [725, 160],
  CO: [290, 490],
  CT: [635, 0],
  DE: [0, 0],
  DC: [600, 0],
  FL: [600, 100],
  GA: [400, 335],
  HI: [400, 50],
  ID: [600, 5],
  IL: [625, 260],
  IN: [700, 0],
  IA: [600, 95],
  KS: [650, 215],
  KY: [600, 0],
  LA: [445, 510],
  ME: [550, 0],
  MD: [600, 0],
  MA: [625, 0],
  MI: [600, 0],
  MN: [688, 125],
  MS: [700, 5],
  MO: [423, 410],
  MT: [0, 0],
  NE: [550, 145],
  NV: [685, 140],
  NH: [0, 0],
  NJ: [663, 0],
  NM: [488, 275],
  NY: [400, 455],
  NC: [475, 225],
  ND: [500, 205],
  OH: [575, 150],
  OK: [450, 455],
  OR: [0, 0],
  PA: [600, 35],
  RI: [700, 0],
  SC: [600, 150],
  SD: [420, 190],
  TN: [700, 255],
  TX: [625, 195],
  UT: [610, 130],
  VT: [600, 35],
  VA: [530, 45],
  WA: [650, 290],
  WV: [600, 60],
  WI: [500, 70],
  WY: [400, 145]
}

export interface Cities {
  readonly length: number
  readonly city: ReadonlyArray<string>
  readonly state: ReadonlyArray<string>
  readonly zip: ReadonlyArray<string>
  readonly district: ReadonlyArray<string>
  readonly region: ReadonlyArray<string>
  readonly latitude: Float64Array
  readonly longitude: Float64Array
  readonly weight: Float64Array
  readonly areaCode: Uint16Array
  readonly taxRateBps: Uint16Array
}

/** A small deterministic city hash in [0, 1): spreads local tax rates within a state. */
const cityHash = (s: string): number => {
  let h = Hash.FNV_OFFSET
  for (let i = 0; i < s.length; i++) h = Hash.fnv1a(h, s.charCodeAt(i))
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return (h >>> 0) / 4294967296
}

const parse = (): Cities => {
  const lines = RAW.trim().split("\n")
  const n = lines.length
  const regionOf = new Map<string, string>()
  for (const [region, states] of REGION_STATES) for (const s of states.split(" ")) regionOf.set(s, region)
  const c: Array<string> = []
  const st: Array<string> = []
  const zip: Array<string> = []
  const district: Array<string> = []
  const region: Array<string> = []
  const latitude = new Float64Array(n)
  const longitude = new Float64Array(n)
  const weight = new Float64Array(n)
  const areaCode = new Uint16Array(n)
  const taxRateBps = new Uint16Array(n)
  lines.forEach((line, i) => {
    const f = line.split("|")
    if (f.length !== 8) throw new Error(`cities: bad line ${line}`)
    const state = f[1]!
    const r = regionOf.get(state)
    const tax = STATE_TAX[state]
    if (r === undefined || tax === undefined) throw new Error(`cities: unknown state ${state}`)
    c.push(f[0]!)
    st.push(state)
    zip.push(f[2]!)
    latitude[i] = Number(f[3])
    longitude[i] = Number(f[4])
    weight[i] = Number(f[5])
    district.push(f[6]!)
    areaCode[i] = Number(f[7])
    region.push(r)
    // Local add-on varies by city within ±25 bps (5 bps steps) where the state has local taxes.
    const local =
      tax[1] === 0 ? 0 : Math.max(0, tax[1] + 5 * (Math.floor(cityHash(`${f[0]}|${state}`) * 11) - 5))
    taxRateBps[i] = tax[0] + local
  })
  return {
    length: n,
    city: c,
    state: st,
    zip,
    district,
    region,
    latitude,
    longitude,
    weight,
    areaCode,
    taxRateBps
  }
}

/** The parsed dictionary (built once). */
export const CITIES: Cities = parse()
