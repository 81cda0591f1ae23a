/**
 * The name a file gets inside the index page's "Download all (.zip)", as the source of one browser
 * function, `zipEntryName(path)`, that the page's script calls (download-all-script.ts). Whatever
 * the bucket holds, an entry never climbs out of the folder it is unpacked in: no "." or ".."
 * segment, no empty segment, no leading "/", no backslash (a separator to Windows), no drive
 * letter ("C:" becomes "C_"). A path with none of these keeps its exact name.
 */
export const ZIP_ENTRY_NAME_SCRIPT = `function zipEntryName(path){
var parts=String(path).split(/[\\\\/]+/),out=[];
for(var i=0;i<parts.length;i++){var s=parts[i];if(s!==""&&s!=="."&&s!=="..")out.push(s);}
if(out.length&&/^[A-Za-z]:/.test(out[0]))out[0]=out[0].charAt(0)+"_"+out[0].slice(2);
return out.length?out.join("/"):"file";
}`;
