package vtl

// method numbers the Java methods the built-in kinds implement, so a call resolves its name
// once, at parse time, and dispatches on an integer.
type method uint8

// The methods of String, List and Map, by name.
const (
	mNone method = iota
	mAdd
	mAddAll
	mCharAt
	mClear
	mCodePointAt
	mCodePointCount
	mCompareTo
	mCompareToIgnoreCase
	mConcat
	mContains
	mContainsAll
	mContainsKey
	mContainsValue
	mEndsWith
	mEntrySet
	mEqualsIgnoreCase
	mGet
	mGetBytes
	mGetOrDefault
	mHashCode
	mIndexOf
	mIntern
	mIsBlank
	mIsEmpty
	mIterator
	mKeySet
	mLastIndexOf
	mLength
	mMatches
	mPut
	mPutAll
	mPutIfAbsent
	mRegionMatches
	mRemove
	mReplace
	mReplaceAll
	mReplaceFirst
	mSet
	mSize
	mSplit
	mStartsWith
	mSubList
	mSubstring
	mToCharArray
	mToLowerCase
	mToString
	mToUpperCase
	mTrim
	mValues
)

// methodIDs maps a method name to its number; names not listed are mNone.
var methodIDs = map[string]method{
	"add":                 mAdd,
	"addAll":              mAddAll,
	"charAt":              mCharAt,
	"clear":               mClear,
	"codePointAt":         mCodePointAt,
	"codePointCount":      mCodePointCount,
	"compareTo":           mCompareTo,
	"compareToIgnoreCase": mCompareToIgnoreCase,
	"concat":              mConcat,
	"contains":            mContains,
	"containsAll":         mContainsAll,
	"containsKey":         mContainsKey,
	"containsValue":       mContainsValue,
	"endsWith":            mEndsWith,
	"entrySet":            mEntrySet,
	"equalsIgnoreCase":    mEqualsIgnoreCase,
	"get":                 mGet,
	"getBytes":            mGetBytes,
	"getOrDefault":        mGetOrDefault,
	"hashCode":            mHashCode,
	"indexOf":             mIndexOf,
	"intern":              mIntern,
	"isBlank":             mIsBlank,
	"isEmpty":             mIsEmpty,
	"iterator":            mIterator,
	"keySet":              mKeySet,
	"lastIndexOf":         mLastIndexOf,
	"length":              mLength,
	"matches":             mMatches,
	"put":                 mPut,
	"putAll":              mPutAll,
	"putIfAbsent":         mPutIfAbsent,
	"regionMatches":       mRegionMatches,
	"remove":              mRemove,
	"replace":             mReplace,
	"replaceAll":          mReplaceAll,
	"replaceFirst":        mReplaceFirst,
	"set":                 mSet,
	"size":                mSize,
	"split":               mSplit,
	"startsWith":          mStartsWith,
	"subList":             mSubList,
	"substring":           mSubstring,
	"toCharArray":         mToCharArray,
	"toLowerCase":         mToLowerCase,
	"toString":            mToString,
	"toUpperCase":         mToUpperCase,
	"trim":                mTrim,
	"values":              mValues,
}
